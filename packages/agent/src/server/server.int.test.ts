import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { family } from "../metrics/types";
import { serve, startLocalServer, type LocalServer } from "../testing/local-server";
import { bearerMatches } from "./auth";
import { createAgentServer, parseListenAddress } from "./server";

const CREDENTIAL = "bwc_test_credential";
const NODE_EXPORTER_BODY = '# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 0.25\nnode_x{job="inner"} 1\n';

describe("agent HTTP server", () => {
  let relayTarget: LocalServer;
  let agent: LocalServer;
  const seen: { accept: string | undefined }[] = [];

  beforeAll(async () => {
    relayTarget = await startLocalServer((req, res) => {
      seen.push({ accept: req.headers.accept });
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        res.end(NODE_EXPORTER_BODY);
      } else if (req.url === "/big") {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("x".repeat(4096));
      } else if (req.url === "/fail") {
        res.writeHead(500);
        res.end("boom");
      }
      // /hang never answers: the agent's relay timeout must cut it off.
    });
    agent = await serve(
      createAgentServer({
        credential: CREDENTIAL,
        collect: async () => [family("node_load1", "1m load average.", "gauge", [{ labels: [], value: 0.5 }])],
        relays: [
          { job: "node", url: `${relayTarget.url}/metrics` },
          { job: "big", url: `${relayTarget.url}/big` },
          { job: "fail", url: `${relayTarget.url}/fail` },
          { job: "hang", url: `${relayTarget.url}/hang` },
        ],
        relayTimeoutMs: 300,
        relayMaxBytes: 1024,
      }),
    );
  });
  afterAll(async () => {
    await agent.close();
    await relayTarget.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${agent.url}${path}`, { headers });
  const authed = { authorization: `Bearer ${CREDENTIAL}` };

  it("serves /healthz without credentials", async () => {
    const res = await get("/healthz");
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok\n");
  });

  it("refuses /metrics without or with a wrong credential", async () => {
    const refused: Record<string, string>[] = [{}, { authorization: "Bearer nope" }, { authorization: CREDENTIAL }, { authorization: `Basic ${CREDENTIAL}` }];
    for (const headers of refused) {
      const res = await get("/metrics", headers);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await res.text()).not.toContain("node_load1");
    }
    expect((await get("/metrics?job=node")).status).toBe(401);
  });

  it("serves its own metrics in text format 0.0.4, gzipped when asked", async () => {
    const res = await get("/metrics", authed);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    expect(await res.text()).toBe("# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 0.5\n");
    // fetch would decompress transparently, so look at the raw bytes through node:http.
    const { request } = await import("node:http");
    const raw = await new Promise<{ encoding: string | undefined; body: Buffer }>((resolve, reject) => {
      request(`${agent.url}/metrics`, { headers: { ...authed, "accept-encoding": "gzip" } }, (r) => {
        const chunks: Buffer[] = [];
        r.on("data", (c: Buffer) => chunks.push(c));
        r.on("end", () => resolve({ encoding: r.headers["content-encoding"], body: Buffer.concat(chunks) }));
      })
        .on("error", reject)
        .end();
    });
    expect(raw.encoding).toBe("gzip");
    expect(gunzipSync(raw.body).toString()).toContain("node_load1 0.5");
  });

  it("passes a relay's body and content type through unchanged", async () => {
    const res = await get("/metrics?job=node", { ...authed, accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4");
    expect(await res.text()).toBe(NODE_EXPORTER_BODY);
    expect(seen.at(-1)?.accept).toBe("application/openmetrics-text;version=1.0.0,text/plain;q=0.5");
  });

  it("answers 502 for a relay that fails, is too large or too slow, and 404 for an unknown job", async () => {
    const fail = await get("/metrics?job=fail", authed);
    expect(fail.status).toBe(502);
    expect(await fail.text()).toContain("HTTP 500");
    const big = await get("/metrics?job=big", authed);
    expect(big.status).toBe(502);
    expect(await big.text()).toContain("exceeds 1024 bytes");
    const hang = await get("/metrics?job=hang", authed);
    expect(hang.status).toBe(502);
    expect(await hang.text()).toContain("timed out after 300 ms");
    expect((await get("/metrics?job=nope", authed)).status).toBe(404);
  });
});

describe("bearerMatches and parseListenAddress", () => {
  it("accepts only the exact credential", () => {
    expect(bearerMatches("Bearer abc", "abc")).toBe(true);
    expect(bearerMatches("bearer abc", "abc")).toBe(true);
    expect(bearerMatches("Bearer abcd", "abc")).toBe(false);
    expect(bearerMatches(undefined, "abc")).toBe(false);
    expect(bearerMatches("Bearer ", "")).toBe(false);
  });

  it("parses host:port forms", () => {
    expect(parseListenAddress("0.0.0.0:9845")).toEqual({ host: "0.0.0.0", port: 9845 });
    expect(parseListenAddress(":9845")).toEqual({ host: "0.0.0.0", port: 9845 });
    expect(parseListenAddress("[::1]:80")).toEqual({ host: "::1", port: 80 });
    expect(() => parseListenAddress("localhost")).toThrow(/HOST:PORT/);
  });
});
