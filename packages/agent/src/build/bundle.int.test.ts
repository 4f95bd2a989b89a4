import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { decodeRemoteWrite, type WriteRequest } from "@boardwatch/exposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readBody, startLocalServer, type LocalServer } from "../testing/local-server";

const exec = promisify(execFile);
const BUILD_SCRIPT = fileURLToPath(new URL("../../build.mjs", import.meta.url));

describe("the single-file bundle", () => {
  let dir: string;
  let bundle: string;
  let server: LocalServer;
  const writes: WriteRequest[] = [];
  let onWrite = () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bw-bundle-"));
    bundle = join(dir, "boardwatch-agent.mjs");
    await exec(process.execPath, [BUILD_SCRIPT, bundle]);
    server = await startLocalServer(async (req, res) => {
      const body = await readBody(req);
      if (req.url === "/api/v1/write") {
        writes.push(decodeRemoteWrite(body));
        onWrite();
        res.writeHead(204).end();
        return;
      }
      res.writeHead(201, { "content-type": "application/json" }).end(
        JSON.stringify({ boardId: "brd_b", tenant: "acme", credential: "bwc_b", scrapeIntervalSeconds: 1, remoteWriteUrl: `${server.url}/api/v1/write` }),
      );
    });
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("is one file that enrols and pushes snappy remote_write the native decoder reads", async () => {
    expect((await stat(bundle)).size).toBeLessThan(1024 * 1024);
    const statePath = join(dir, "state", "state.json");
    const enrolled = await exec(process.execPath, [bundle, "enroll", "--server", server.url, "--token", "t", "--mode", "push", "--state", statePath]);
    expect(enrolled.stdout).toContain("enrolled board brd_b");

    const written = new Promise<void>((resolve) => (onWrite = resolve));
    const child = spawn(process.execPath, [bundle, "run", "--state", statePath], { stdio: "ignore" });
    await written;
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    expect(code).toBe(0);
    const names = new Set(writes[0]?.timeseries.map((s) => s.labels.find(([n]) => n === "__name__")?.[1]));
    expect(names).toContain("node_cpu_seconds_total");
    expect(names).toContain("boardwatch_agent_build_info");
  });
});
