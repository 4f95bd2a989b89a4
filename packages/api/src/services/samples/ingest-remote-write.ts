import { decodeRemoteWrite, ExpositionError } from "@boardwatch/exposition";
import { LimitError, type SeriesWrite } from "@boardwatch/tsdb";
import { AppError } from "../../errors";
import { getSampleStore } from "./sample-store";

/**
 * Stores a remote_write 1.0 request (snappy-compressed protobuf) for a tenant. Malformed bodies and limit
 * breaches answer 4xx so senders drop them; storage trouble answers 503 so senders retry (writes are
 * idempotent per (series, timestamp), so a retried batch never duplicates samples). `forcedLabels` override
 * what the sender claims (a board pushing with its credential can only write series labelled as itself).
 */
export async function ingestRemoteWrite(tenantId: string, body: Uint8Array, opts: { forcedLabels?: Record<string, string> } = {}) {
  let request;
  try {
    request = decodeRemoteWrite(body);
  } catch (error) {
    if (error instanceof ExpositionError) throw new AppError("BAD_REQUEST", `bad remote_write body: ${error.message}`);
    throw error;
  }
  const series: SeriesWrite[] = request.timeseries.map((s) => ({
    labels: { ...Object.fromEntries(s.labels), ...opts.forcedLabels },
    samples: s.samples.map((x) => ({ t: x.timestampMs, v: x.value })),
  }));
  const metadata = request.metadata.map((m) => ({ metric: m.metricFamilyName, type: m.type, help: m.help, unit: m.unit }));
  const store = await getSampleStore();
  try {
    const written = await store.write(tenantId, series);
    await store.writeMetadata(tenantId, metadata);
    return written;
  } catch (error) {
    if (error instanceof LimitError) {
      throw new AppError(error.status === 429 ? "TOO_MANY_REQUESTS" : "BAD_REQUEST", `${error.limit}: ${error.message}`);
    }
    // Connection and server-side database errors carry a code; anything else is a bug and stays a 500.
    if (typeof (error as { code?: unknown }).code === "string") {
      throw new AppError("UNAVAILABLE", `storage unavailable, retry later: ${(error as Error).message}`);
    }
    throw error;
  }
}
