"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { formatDuration } from "@/lib/explore/duration";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { PromQLEditor } from "../explore/promql-editor";
import { TimeSeriesChart } from "../time-series-chart";
import { RulePreview } from "./rule-preview";

const durationOf = (ms: number) => (ms === 0 ? "" : formatDuration(ms / 1000));

/**
 * Creates or edits one alerting rule: the expression with completion, `for`, labels and Go-template
 * annotations, and a live preview of the series that would fire.
 */
export function RuleEditor(props: { tenant: string; namespace?: string; group?: string; rule?: string }) {
  const { tenant } = props;
  const trpc = useTRPC();
  const router = useRouter();
  const groups = useQuery(trpc.alerting.ruleGroups.queryOptions({ tenant }));
  const existing = groups.data?.find((g) => g.namespace === props.namespace && g.name === props.group)?.rules.find((r) => r.name === props.rule);
  if (props.rule && !groups.data) return <p className="muted">Loading…</p>;
  return <RuleForm key={existing ? "edit" : "new"} tenant={tenant} namespace={props.namespace} group={props.group} existing={existing} onSaved={() => router.push(`/t/${tenant}/alerting`)} />;
}

type ExistingRule = { name: string; expr: string; forMs: number; keepFiringForMs: number; labels: Record<string, string>; annotations: Record<string, string> };

function RuleForm(props: { tenant: string; namespace?: string; group?: string; existing?: ExistingRule; onSaved: () => void }) {
  const { tenant, existing } = props;
  const trpc = useTRPC();
  const save = useMutation(trpc.alerting.saveRule.mutationOptions({ onSuccess: props.onSaved }));
  const [namespace, setNamespace] = useState(props.namespace ?? "boardwatch");
  const [group, setGroup] = useState(props.group ?? "boards");
  const [interval, setInterval] = useState(existing ? "" : "1m");
  const [name, setName] = useState(existing?.name ?? "");
  const [expr, setExpr] = useState(existing?.expr.trim() ?? "");
  const [preview, setPreview] = useState(existing?.expr.trim() ?? "");
  const [forDuration, setFor] = useState(durationOf(existing?.forMs ?? 0) || "5m");
  const [keepFiringFor, setKeepFiringFor] = useState(durationOf(existing?.keepFiringForMs ?? 0));
  const [severity, setSeverity] = useState(existing?.labels.severity ?? "warning");
  const [summary, setSummary] = useState(existing?.annotations.summary ?? "");
  const [description, setDescription] = useState(existing?.annotations.description ?? "");
  const otherLabels = Object.fromEntries(Object.entries(existing?.labels ?? {}).filter(([k]) => k !== "severity"));
  const otherAnnotations = Object.fromEntries(Object.entries(existing?.annotations ?? {}).filter(([k]) => k !== "summary" && k !== "description"));

  return (
    <>
      <h1>{existing ? `Edit ${existing.name}` : "New alert rule"}</h1>
      <form
        className="card stack"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({
            tenant,
            namespace,
            group,
            interval: interval || undefined,
            originalName: existing?.name,
            rule: {
              alert: name,
              expr,
              for: forDuration || undefined,
              keepFiringFor: keepFiringFor || undefined,
              labels: { ...otherLabels, ...(severity && { severity }) },
              annotations: { ...otherAnnotations, ...(summary && { summary }), ...(description && { description }) },
            },
          });
        }}
      >
        <div className="row">
          <label>Namespace<input value={namespace} onChange={(e) => setNamespace(e.target.value)} required /></label>
          <label>Group<input value={group} onChange={(e) => setGroup(e.target.value)} required /></label>
          <label>Evaluate every<input value={interval} onChange={(e) => setInterval(e.target.value)} placeholder="group's interval" size={8} /></label>
        </div>
        <label>Alert name<input value={name} onChange={(e) => setName(e.target.value)} placeholder="BoardOverheating" required /></label>
        <div>
          <span className="muted" style={{ fontSize: 13 }}>Expression (Enter previews; the alert fires for every series it returns)</span>
          <PromQLEditor tenant={tenant} value={preview} errorOffset={undefined} onRun={(q) => { setExpr(q); setPreview(q); }} onDraftChange={setExpr} />
        </div>
        <div className="row">
          <label>For<input value={forDuration} onChange={(e) => setFor(e.target.value)} placeholder="5m" size={6} /></label>
          <label>Keep firing for<input value={keepFiringFor} onChange={(e) => setKeepFiringFor(e.target.value)} placeholder="0s" size={6} /></label>
          <label>
            Severity
            <select aria-label="Severity" value={severity} onChange={(e) => setSeverity(e.target.value)}>
              <option value="critical">critical</option>
              <option value="warning">warning</option>
              <option value="info">info</option>
            </select>
          </label>
        </div>
        <label>Summary<input value={summary} onChange={(e) => setSummary(e.target.value)} placeholder="{{ $labels.board }} is at {{ $value | humanize }}°C" /></label>
        <label>Description<input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="{{ $labels.instance }} has been above the threshold for 5 minutes." /></label>
        <ErrorAlert error={save.error} />
        <div className="row">
          <button type="button" className="secondary" onClick={() => setPreview(expr)}>Preview</button>
          <button type="submit" disabled={save.isPending}>Save rule</button>
        </div>
      </form>
      {preview && (
        <>
          <RulePreview tenant={tenant} expr={preview} />
          <TimeSeriesChart tenant={tenant} title="Expression over the last hour" query={preview} legend="" unit="short" rangeSeconds={3600} />
        </>
      )}
    </>
  );
}
