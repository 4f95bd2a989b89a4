"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/lib/trpc";
import { ErrorAlert } from "../alert";
import { formatDuration } from "@/lib/explore/duration";

/** Slack contact points (webhook URLs go in, never come back out) and the notification policy routing to them. */
export function DeliveryPanel({ tenant, canEdit }: { tenant: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const delivery = useQuery(trpc.alerting.delivery.queryOptions({ tenant }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerting.delivery.queryKey() });
  const save = useMutation(trpc.alerting.saveContactPoint.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerting.deleteContactPoint.mutationOptions({ onSuccess: refresh }));
  const test = useMutation(trpc.alerting.sendTestMessage.mutationOptions());
  const [name, setName] = useState("");
  const [webhookUrl, setWebhookUrl] = useState("");
  const [channel, setChannel] = useState("");
  const [sendResolved, setSendResolved] = useState(true);

  return (
    <>
      <div className="card">
        <h2 style={{ marginTop: 0 }}>Contact points</h2>
        <ErrorAlert error={delivery.error ?? remove.error ?? test.error} />
        {test.data && <div className="alert success" role="status">Test message sent.</div>}
        <table>
          <thead>
            <tr><th>Name</th><th>Slack</th><th>Resolved messages</th><th /></tr>
          </thead>
          <tbody>
            {delivery.data?.contactPoints.map((c) => (
              <tr key={c.name} data-testid={`contact-point-${c.name}`}>
                <td>{c.name}</td>
                <td>{c.slack.length === 0 ? <span className="muted">no integration (drops notifications)</span> : c.slack.map((s) => `${s.channel ?? "webhook's channel"} via ${s.webhookHost}`).join(", ")}</td>
                <td>{c.slack.some((s) => s.sendResolved) ? "yes" : "no"}</td>
                <td>
<div className="actions">
                  {canEdit && c.slack.length > 0 && (
                    <button type="button" className="secondary" disabled={test.isPending} onClick={() => test.mutate({ tenant, name: c.name })}>Send test message</button>
                  )}
                  {canEdit && <button type="button" className="danger" onClick={() => remove.mutate({ tenant, name: c.name })}>Delete</button>}
                </div>
</td>
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit && (
          <form
            className="row"
            style={{ marginTop: 16 }}
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate({ tenant, name, webhookUrl: webhookUrl || undefined, channel: channel || undefined, sendResolved }, { onSuccess: () => setWebhookUrl("") });
            }}
          >
            <label>Name<input value={name} onChange={(e) => setName(e.target.value)} placeholder="fleet-slack" required /></label>
            <label>Slack webhook URL<input type="password" autoComplete="off" value={webhookUrl} onChange={(e) => setWebhookUrl(e.target.value)} placeholder="https://hooks.slack.com/services/…" /></label>
            <label>Channel<input value={channel} onChange={(e) => setChannel(e.target.value)} placeholder="#alerts" /></label>
            <label className="check"><input type="checkbox" checked={sendResolved} onChange={(e) => setSendResolved(e.target.checked)} />send resolved</label>
            <button type="submit" disabled={save.isPending}>Save contact point</button>
          </form>
        )}
        <ErrorAlert error={save.error} />
      </div>
      {delivery.data && <PolicyForm tenant={tenant} canEdit={canEdit} policy={delivery.data.policy} receivers={delivery.data.contactPoints.map((c) => c.name)} onSaved={refresh} />}
      {delivery.data && (
        <details className="card">
          <summary>Alertmanager configuration (YAML, secrets redacted)</summary>
          <pre data-testid="alertmanager-yaml">{delivery.data.yaml}</pre>
        </details>
      )}
    </>
  );
}

type Policy = { receiver: string; groupBy: string[]; groupWaitMs: number; groupIntervalMs: number; repeatIntervalMs: number; routes: Array<{ receiver: string; matchers: string[]; continue: boolean }> };

const dur = (ms: number) => formatDuration(ms / 1000);

function PolicyForm(props: { tenant: string; canEdit: boolean; policy: Policy; receivers: string[]; onSaved: () => void }) {
  const { tenant, policy, receivers } = props;
  const trpc = useTRPC();
  const save = useMutation(trpc.alerting.savePolicy.mutationOptions({ onSuccess: props.onSaved }));
  const [receiver, setReceiver] = useState(policy.receiver);
  const [groupBy, setGroupBy] = useState(policy.groupBy.join(", "));
  const [groupWait, setGroupWait] = useState(dur(policy.groupWaitMs));
  const [groupInterval, setGroupInterval] = useState(dur(policy.groupIntervalMs));
  const [repeatInterval, setRepeatInterval] = useState(dur(policy.repeatIntervalMs));
  const [routes, setRoutes] = useState(policy.routes.map((r) => ({ receiver: r.receiver, matchers: r.matchers.join(", "), continue: r.continue })));
  const setRoute = (i: number, change: Partial<(typeof routes)[number]>) => setRoutes(routes.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const receiverSelect = (value: string, onChange: (v: string) => void, label: string) => (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} disabled={!props.canEdit}>
      {receivers.map((r) => <option key={r} value={r}>{r}</option>)}
    </select>
  );

  return (
    <form
      className="card stack"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({
          tenant, receiver, groupWait, groupInterval, repeatInterval,
          groupBy: groupBy.split(",").map((s) => s.trim()).filter(Boolean),
          routes: routes.map((r) => ({ receiver: r.receiver, continue: r.continue, matchers: r.matchers.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((s) => s.trim()).filter(Boolean) })),
        });
      }}
    >
      <h2 style={{ margin: 0 }}>Notification policy</h2>
      <p className="muted">Alerts go to the first matching route, else to the default contact point, grouped and timed as below.</p>
      <div className="row">
        <label>Default contact point{receiverSelect(receiver, setReceiver, "Default contact point")}</label>
        <label>Group by<input value={groupBy} onChange={(e) => setGroupBy(e.target.value)} placeholder="alertname, board" disabled={!props.canEdit} /></label>
        <label>Group wait<input value={groupWait} onChange={(e) => setGroupWait(e.target.value)} size={6} disabled={!props.canEdit} /></label>
        <label>Group interval<input value={groupInterval} onChange={(e) => setGroupInterval(e.target.value)} size={6} disabled={!props.canEdit} /></label>
        <label>Repeat interval<input value={repeatInterval} onChange={(e) => setRepeatInterval(e.target.value)} size={6} disabled={!props.canEdit} /></label>
      </div>
      {routes.map((r, i) => (
        <div className="row" key={i} data-testid={`route-${i}`}>
          <label>Matchers<input value={r.matchers} onChange={(e) => setRoute(i, { matchers: e.target.value })} placeholder='severity="critical"' disabled={!props.canEdit} /></label>
          <label>Contact point{receiverSelect(r.receiver, (v) => setRoute(i, { receiver: v }), `Route ${i + 1} contact point`)}</label>
          <label className="check"><input type="checkbox" checked={r.continue} onChange={(e) => setRoute(i, { continue: e.target.checked })} disabled={!props.canEdit} />continue</label>
          {props.canEdit && <button type="button" className="danger" onClick={() => setRoutes(routes.filter((_, j) => j !== i))}>Remove</button>}
        </div>
      ))}
      <ErrorAlert error={save.error} />
      {save.isSuccess && <div className="alert success" role="status">Policy saved.</div>}
      {props.canEdit && (
        <div className="row">
          <button type="button" className="secondary" onClick={() => setRoutes([...routes, { receiver: receivers[0] ?? "", matchers: "", continue: false }])}>Add route</button>
          <button type="submit" disabled={save.isPending}>Save policy</button>
        </div>
      )}
    </form>
  );
}
