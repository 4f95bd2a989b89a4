import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createReadStream } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { decodeRemoteWrite, type WriteRequest } from "@boardwatch/exposition";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installScript } from "../service/install-script";
import { readBody, startLocalServer, type LocalServer } from "../testing/local-server";

const exec = promisify(execFile);
const BUILD_SCRIPT = fileURLToPath(new URL("../../build.mjs", import.meta.url));

describe("the single-file bundle", () => {
  let dir: string;
  let bundle: string;
  let server: LocalServer;
  const writes: WriteRequest[] = [];
  let onWrite = () => {};
  const enrolments: { token: string; labels: Record<string, string> }[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "bw-bundle-"));
    bundle = join(dir, "boardwatch-agent.mjs");
    await exec(process.execPath, [BUILD_SCRIPT, bundle]);
    server = await startLocalServer(async (req, res) => {
      const body = await readBody(req);
      if (req.url === "/api/agent/download") {
        res.writeHead(200, { "content-type": "text/javascript" });
        createReadStream(bundle).pipe(res);
        return;
      }
      if (req.url === "/api/v1/write") {
        writes.push(decodeRemoteWrite(body));
        onWrite();
        res.writeHead(204).end();
        return;
      }
      enrolments.push(JSON.parse(body.toString()) as { token: string; labels: Record<string, string> });
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

  it("installs through install.sh: download with curl, enrol with the token, explain the service when not root", async () => {
    const home = join(dir, "home");
    const fakeBin = join(dir, "fake-bin");
    await mkdir(home);
    await mkdir(fakeBin);
    // Tests run as root in CI; a stand-in `id` makes the script take the unprivileged path, which installs
    // under $HOME and leaves systemd alone.
    await writeFile(join(fakeBin, "id"), "#!/bin/sh\necho 1000\n");
    await chmod(join(fakeBin, "id"), 0o755);
    const script = join(dir, "install.sh");
    await writeFile(script, installScript({ serverUrl: server.url, token: "bwe_it's-a-token" }));
    const { stdout } = await exec("sh", [script, "--labels", "site=lab", "--state", join(home, "state.json")], {
      env: { PATH: `${fakeBin}:${process.env.PATH ?? ""}`, HOME: home },
    });
    expect(await readFile(join(home, ".boardwatch-agent", "bin", "boardwatch-agent.mjs"))).toEqual(await readFile(bundle));
    expect(enrolments.at(-1)).toMatchObject({ token: "bwe_it's-a-token", labels: { site: "lab" } });
    expect(stdout).toContain("enrolled board brd_b");
    expect(stdout).toContain("not root, so no service was installed");
    expect(JSON.parse(await readFile(join(home, "state.json"), "utf8"))).toMatchObject({ boardId: "brd_b", credential: "bwc_b" });
  });
});
