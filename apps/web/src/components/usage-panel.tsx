"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/lib/trpc";
import { formatUnit } from "@/lib/units";
import { ErrorAlert } from "./alert";

/** The tenant's storage usage and the ingestion limits that apply to it. */
export function UsagePanel({ tenant }: { tenant: string }) {
  const trpc = useTRPC();
  const usage = useQuery(trpc.tenant.usage.queryOptions({ tenant }));
  if (usage.error) return <ErrorAlert error={usage.error} />;
  const u = usage.data;
  if (!u) return null;
  const rows: Array<[string, string]> = [
    ["Active series", `${u.activeSeries} of ${u.limits.maxActiveSeries}`],
    ["Ingestion (last 5 minutes)", `${formatUnit(u.samplesPerSecond, "none")} samples/s of ${u.limits.ingestionRate} (burst ${u.limits.ingestionBurstSize})`],
    ["Storage", formatUnit(u.bytesEstimate, "bytes")],
    ["Retention", u.retentionDays === null ? "" : `${u.retentionDays} days`],
    ["Label names per series", `at most ${u.limits.maxLabelNamesPerSeries}`],
    ["Label name / value length", `at most ${u.limits.maxLabelNameLength} / ${u.limits.maxLabelValueLength} characters`],
    ["Samples in the future", `at most ${formatUnit(u.limits.creationGracePeriodMs / 1000, "seconds")} ahead`],
  ];
  return (
    <div className="card" data-testid="usage">
      <h2 style={{ marginTop: 0 }}>Usage and limits</h2>
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}><th>{k}</th><td>{v}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
