import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeRemoteWrite } from "@boardwatch/exposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeState, type AgentState } from "../enroll/state";
import { readBody, startLocalServer, type LocalServer } from "../testing/local-server";
import { main, type CliIo } from "./main";

/** Captures output and lets a test wait for a line and end `run` as a signal would. */
function testIo() {
  const out: string[] = [];
  const err: string[] = [];
  const waiters: { pattern: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  let stop = () => {};
  const io: CliIo = {
    stdout: (line) => out.push(line),
    stderr: (line) => {
      err.push(line);
      for (const w of waiters) {
        const match = w.pattern.exec(line);
        if (match) w.resolve(match);
      }
    },
    env: {},
    stopSignal: new Promise<void>((resolve) => (stop = resolve)),
  };
  const waitFor = (pattern: RegExp) => new Promise<RegExpExecArray>((resolve) => waiters.push({ pattern, resolve }));
  return { io, out, err, waitFor, stop: () => stop() };
}

describe("boardwatch-agent CLI", () => {
  let dir: string;
  let server: LocalServer;
  let writes: Buffer[] = [];
  let onWrite = () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bw-cli-"));
    server = await startLocalServer(async (req, res) => {
      const body = await readBody(req);
      if (req.url === "/api/v1/write") {
        writes.push(body);
        onWrite();
        res.writeHead(204).end();
        return;
      }
      const { token, mode } = JSON.parse(body.toString()) as { token: string; mode: string };
      if (token !== "good") {
        res.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify({ error: "invalid enrolment token" }));
        return;
      }
      res.writeHead(201, { "content-type": "application/json" }).end(
        JSON.stringify({
          boardId: "brd_1",
          tenant: "acme",
          credential: "bwc_very_secret",
          scrapeIntervalSeconds: 1,
          remoteWriteUrl: mode === "push" ? `${server.url}/api/v1/write` : null,
        }),
      );
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("enroll prints one line without the credential and exits 0", async () => {
    const t = testIo();
    const code = await main(["enroll", "--server", server.url, "--token", "good", "--state", join(dir, "a.json"), "--labels", "site=lab"], t.io);
    expect(code).toBe(0);
    expect(t.out).toEqual([`enrolled board brd_1 in tenant acme at ${server.url} (pull mode); state in ${join(dir, "a.json")}`]);
    expect([...t.out, ...t.err].join("\n")).not.toContain("bwc_very_secret");
  });

  it("enroll takes the token from $BOARDWATCH_TOKEN", async () => {
    const t = testIo();
    t.io.env = { BOARDWATCH_TOKEN: "good" };
    expect(await main(["enroll", "--server", server.url, "--state", join(dir, "env.json")], t.io)).toBe(0);
  });

  it("enroll exits 1 with the server's message, or when unreachable; 2 on usage errors", async () => {
    const refused = testIo();
    expect(await main(["enroll", "--server", server.url, "--token", "bad", "--state", join(dir, "b.json")], refused.io)).toBe(1);
    expect(refused.err).toEqual([`boardwatch-agent: enrolment refused by ${server.url} (HTTP 401): invalid enrolment token`]);

    const closed = await startLocalServer(() => {});
    await closed.close();
    const unreachable = testIo();
    expect(await main(["enroll", "--server", closed.url, "--token", "good", "--state", join(dir, "c.json")], unreachable.io)).toBe(1);
    expect(unreachable.err[0]).toContain(`boardwatch-agent: cannot reach ${closed.url}/api/agent/enroll: ECONNREFUSED`);

    for (const args of [["enroll", "--token", "x"], ["enroll", "--server", server.url, "--token", "x", "--mode", "sideways"], ["enroll", "--bogus"], ["frobnicate"], []]) {
      const usage = testIo();
      expect(await main(args, usage.io)).toBe(2);
      expect(usage.err[0]).toContain("Usage: boardwatch-agent");
    }
  });

  it("run in pull mode serves authenticated /metrics until stopped", async () => {
    const statePath = join(dir, "pull.json");
    const state: AgentState = {
      server: server.url,
      boardId: "brd_1",
      tenant: "acme",
      credential: "bwc_pull",
      mode: "pull",
      listen: "127.0.0.1:0",
      scrapeUrl: "http://127.0.0.1:0/metrics",
      scrapeIntervalSeconds: 15,
      remoteWriteUrl: null,
      labels: {},
      relays: [],
    };
    await writeState(statePath, state);
    const t = testIo();
    const listening = t.waitFor(/serving \/metrics on 127\.0\.0\.1:(\d+)/);
    const exit = main(["run", "--state", statePath], t.io);
    const port = (await listening)[1];
    const unauthorized = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(unauthorized.status).toBe(401);
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: "Bearer bwc_pull" } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain("# TYPE node_cpu_seconds_total counter");
    expect(text).toContain('boardwatch_agent_collector_success{collector="meminfo"} 1');
    t.stop();
    expect(await exit).toBe(0);
  });

  it("run in push mode remote_writes its own metrics with job and instance", async () => {
    const statePath = join(dir, "push-state", "state.json");
    const t = testIo();
    expect(await main(["enroll", "--server", server.url, "--token", "good", "--state", statePath, "--mode", "push", "--scrape-url", "http://10.0.0.7:9845/metrics"], t.io)).toBe(0);
    writes = [];
    const written = new Promise<void>((resolve) => (onWrite = resolve));
    const exit = main(["run", "--state", statePath], t.io);
    await written;
    t.stop();
    expect(await exit).toBe(0);
    const request = decodeRemoteWrite(writes[0] ?? Buffer.alloc(0));
    const up = request.timeseries.find((s) => s.labels.some(([n, v]) => n === "__name__" && v === "up"));
    expect(up?.labels).toEqual([["__name__", "up"], ["job", "node"], ["instance", "10.0.0.7:9845"]]);
    expect(request.timeseries.some((s) => s.labels.some(([n, v]) => n === "__name__" && v === "node_memory_MemTotal_bytes"))).toBe(true);
  });
});
