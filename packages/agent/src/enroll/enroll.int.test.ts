import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody, startLocalServer, type LocalServer } from "../testing/local-server";
import { AGENT_VERSION } from "../version";
import { enroll, EnrollError, type EnrollOptions, type EnrollRequest } from "./enroll";
import { readState } from "./state";

const RPI = fileURLToPath(new URL("../../testdata/rpi4", import.meta.url));

describe("enroll against a server implementing the contract", () => {
  let server: LocalServer;
  let dir: string;
  const requests: { path: string | undefined; contentType: string | undefined; body: EnrollRequest }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bw-enroll-"));
    server = await startLocalServer(async (req, res) => {
      const body = JSON.parse((await readBody(req)).toString()) as EnrollRequest;
      requests.push({ path: req.url, contentType: req.headers["content-type"], body });
      res.setHeader("content-type", "application/json");
      if (body.token === "used-token") {
        res.writeHead(409).end(JSON.stringify({ error: "enrolment token already used" }));
      } else if (body.token === "broken") {
        res.writeHead(500).end("database down");
      } else {
        res.writeHead(201).end(
          JSON.stringify({
            boardId: "brd_123",
            tenant: "acme",
            credential: "bwc_secret_credential",
            scrapeIntervalSeconds: 15,
            remoteWriteUrl: body.mode === "push" ? `${server.url}/api/v1/write` : null,
          }),
        );
      }
    });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const options = (overrides: Partial<EnrollOptions>): EnrollOptions => ({
    server: `${server.url}/`,
    token: "bwe_token",
    statePath: join(dir, "nested", "state.json"),
    mode: "pull",
    listen: "0.0.0.0:9845",
    scrapeUrl: "http://192.168.1.50:9845/metrics",
    labels: { site: "kitchen", rack: "2" },
    relays: [{ job: "app", url: "http://127.0.0.1:8080/metrics" }],
    root: RPI,
    hostname: "pi-kitchen",
    ...overrides,
  });

  it("posts the token, hostname and facts, and writes a 0600 state file", async () => {
    const state = await enroll(options({}));
    const request = requests.at(-1);
    expect(request?.path).toBe("/api/agent/enroll");
    expect(request?.contentType).toBe("application/json");
    expect(request?.body).toEqual({
      token: "bwe_token",
      hostname: "pi-kitchen",
      facts: {
        os: "Debian GNU/Linux 12 (bookworm)",
        arch: expect.any(String),
        kernel: "6.6.51+rpt-rpi-v8",
        model: "Raspberry Pi 4 Model B Rev 1.4",
        cpus: expect.any(Number),
        memoryBytes: expect.any(Number),
        agentVersion: AGENT_VERSION,
      },
      scrapeUrl: "http://192.168.1.50:9845/metrics",
      mode: "pull",
      labels: { site: "kitchen", rack: "2" },
      relays: ["app"],
    });
    const path = join(dir, "nested", "state.json");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      server: server.url,
      boardId: "brd_123",
      tenant: "acme",
      credential: "bwc_secret_credential",
      mode: "pull",
      listen: "0.0.0.0:9845",
      scrapeUrl: "http://192.168.1.50:9845/metrics",
      scrapeIntervalSeconds: 15,
      remoteWriteUrl: null,
      labels: { site: "kitchen", rack: "2" },
      relays: [{ job: "app", url: "http://127.0.0.1:8080/metrics" }],
    });
    expect(await readState(path)).toEqual(state);
  });

  it("keeps the remote write URL in push mode", async () => {
    const state = await enroll(options({ mode: "push", statePath: join(dir, "push.json") }));
    expect(state.remoteWriteUrl).toBe(`${server.url}/api/v1/write`);
  });

  it("reports the server's error message for a 4xx and writes nothing", async () => {
    const statePath = join(dir, "refused.json");
    const error = await enroll(options({ token: "used-token", statePath })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnrollError);
    expect((error as EnrollError).kind).toBe("refused");
    expect((error as EnrollError).message).toBe(`enrolment refused by ${server.url} (HTTP 409): enrolment token already used`);
    await expect(stat(statePath)).rejects.toThrow(/ENOENT/);
  });

  it("distinguishes server failures and unreachable servers", async () => {
    const broken = await enroll(options({ token: "broken", statePath: join(dir, "x.json") })).catch((e: unknown) => e);
    expect(broken).toMatchObject({ kind: "server", message: expect.stringContaining("database down") });
    const closed = await startLocalServer(() => {});
    const url = closed.url;
    await closed.close();
    const unreachable = await enroll(options({ server: url, statePath: join(dir, "y.json") })).catch((e: unknown) => e);
    expect(unreachable).toMatchObject({ kind: "unreachable", message: expect.stringContaining("ECONNREFUSED") });
  });
});
