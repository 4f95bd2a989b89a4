/** A fake Slack incoming webhook: a real HTTP server on loopback that records payloads and answers as scripted. */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** How the fake answers one request; requests beyond the script get 200 "ok". */
export type FakeSlackReply = { status: 200 } | { status: 429; retryAfter?: string } | { status: 400 | 403 | 404 | 500 | 502 | 503 } | { hang: true };

export interface RecordedRequest {
  /** When the request arrived (ms since the epoch). */
  atMs: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: {
    text?: string;
    channel?: string;
    username?: string;
    attachments?: Array<{ color?: string; fallback?: string; blocks?: Array<Record<string, unknown>> }>;
  };
}

export interface FakeSlack {
  url: string;
  /** Every request that arrived, answered or not. */
  requests: RecordedRequest[];
  /** The requests answered 200: the messages Slack accepted. */
  accepted: RecordedRequest[];
  script(...replies: FakeSlackReply[]): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 with an ephemeral port. */
export async function startFakeSlack(): Promise<FakeSlack> {
  const requests: RecordedRequest[] = [];
  const accepted: RecordedRequest[] = [];
  const queue: FakeSlackReply[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const request: RecordedRequest = { atMs: Date.now(), path: req.url ?? "", headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as RecordedRequest["body"] };
      requests.push(request);
      const reply = queue.shift() ?? { status: 200 };
      if ("status" in reply && reply.status === 200) accepted.push(request);
      if ("hang" in reply) {
        hanging.push(res);
        return;
      }
      const headers: Record<string, string> = { "content-type": "text/plain" };
      if (reply.status === 429 && reply.retryAfter !== undefined) headers["retry-after"] = reply.retryAfter;
      const body = reply.status === 200 ? "ok" : reply.status === 429 ? "rate_limited" : reply.status >= 500 ? "internal_error" : "invalid_payload";
      res.writeHead(reply.status, headers).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/XXXX`,
    requests,
    accepted,
    script: (...replies) => void queue.push(...replies),
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
