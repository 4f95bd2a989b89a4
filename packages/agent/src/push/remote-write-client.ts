import { describeFetchError } from "../server/relay";

/** `ok`: stored. `rejected`: the server will never take this batch (4xx but 429). `retry`: try again later. */
export type SendOutcome = { kind: "ok" } | { kind: "rejected"; message: string } | { kind: "retry"; message: string };

export interface RemoteWriteTarget {
  url: string;
  credential: string;
  timeoutMs: number;
}

/** POSTs one snappy-compressed WriteRequest with the headers the remote_write 1.0 spec requires. */
export async function sendRemoteWrite(target: RemoteWriteTarget, body: Buffer): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: "POST",
      headers: {
        authorization: `Bearer ${target.credential}`,
        "content-encoding": "snappy",
        "content-type": "application/x-protobuf",
        "user-agent": "boardwatch-agent",
        "x-prometheus-remote-write-version": "0.1.0",
      },
      body,
      signal: AbortSignal.timeout(target.timeoutMs),
    });
  } catch (error) {
    return { kind: "retry", message: describeFetchError(error, target.timeoutMs) };
  }
  const text = (await response.text().catch(() => "")).trim().slice(0, 300);
  if (response.ok) return { kind: "ok" };
  const message = `HTTP ${response.status}${text ? `: ${text}` : ""}`;
  if (response.status >= 400 && response.status < 500 && response.status !== 429) return { kind: "rejected", message };
  return { kind: "retry", message };
}
