import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { installScript, shellQuote } from "./install-script";
import { installService } from "./install-service";
import { systemdQuote, systemdUnit } from "./systemd-unit";

const exec = promisify(execFile);

describe("systemd unit", () => {
  it("runs the bundle with its state file and may write only the state directory", () => {
    expect(systemdUnit({ nodePath: "/usr/bin/node", bundlePath: "/opt/boardwatch-agent/boardwatch-agent.mjs", statePath: "/var/lib/boardwatch-agent/state.json" }))
      .toBe(`[Unit]
Description=Boardwatch agent
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
ExecStart=/usr/bin/node /opt/boardwatch-agent/boardwatch-agent.mjs run --state /var/lib/boardwatch-agent/state.json
Restart=always
RestartSec=5
# The agent reads /proc and /sys and writes only its state directory (credential and remote write spool).
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=/var/lib/boardwatch-agent
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
`);
  });

  it("quotes paths with spaces, quotes, specifiers and variables", () => {
    expect(systemdQuote("/opt/my agent/a.mjs")).toBe('"/opt/my agent/a.mjs"');
    expect(systemdQuote('/x/"q"\\')).toBe('"/x/\\"q\\"\\\\"');
    expect(systemdQuote("/x/100%/$HOME")).toBe('"/x/100%%/$$HOME"');
  });

  it("installService writes the unit and enables it through the injected systemctl", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bw-unit-"));
    const calls: string[][] = [];
    const steps = await installService({
      unitPath: join(dir, "boardwatch-agent.service"),
      nodePath: "/usr/bin/node",
      bundlePath: "/opt/boardwatch-agent/boardwatch-agent.mjs",
      statePath: "/var/lib/boardwatch-agent/state.json",
      systemctl: async (args) => {
        calls.push(args);
      },
    });
    expect(await readFile(join(dir, "boardwatch-agent.service"), "utf8")).toContain("ExecStart=/usr/bin/node");
    expect(calls).toEqual([["daemon-reload"], ["enable", "boardwatch-agent.service"], ["restart", "boardwatch-agent.service"]]);
    expect(steps[0]).toBe(`wrote ${join(dir, "boardwatch-agent.service")}`);
    await rm(dir, { recursive: true, force: true });
  });
});

describe("install.sh", () => {
  const hostile = { serverUrl: "https://bw.example.com/", token: "bwe_a'b\"c$(touch /tmp/pwned)`x`" };

  it("is valid POSIX sh", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bw-sh-"));
    const path = join(dir, "install.sh");
    await writeFile(path, installScript(hostile));
    await expect(exec("sh", ["-n", path])).resolves.toBeDefined();
    await rm(dir, { recursive: true, force: true });
  });

  it("served without a token, leaves it to `sh -s -- --token T`", () => {
    const script = installScript({ serverUrl: "https://bw.example.com" });
    expect(script).not.toContain("BOARDWATCH_TOKEN=");
    expect(script).toContain('enroll --server "$BOARDWATCH_SERVER" "$@"');
  });

  it("downloads from the server, enrols with the token from the environment, installs the service as root", () => {
    const script = installScript(hostile);
    expect(script.startsWith("#!/bin/sh\n")).toBe(true);
    expect(script).toContain("BOARDWATCH_SERVER='https://bw.example.com'");
    expect(script).toContain(`BOARDWATCH_TOKEN=${shellQuote(hostile.token)}`);
    expect(script).toContain('"$BOARDWATCH_SERVER/api/agent/download"');
    expect(script).toContain("INSTALL_DIR=/opt/boardwatch-agent");
    expect(script).toContain('node "$BUNDLE" enroll --server "$BOARDWATCH_SERVER" "$@"');
    expect(script).toContain('node "$BUNDLE" install-service');
  });

  it("shell-quotes values so that the shell reads them back unchanged", async () => {
    const { stdout } = await exec("sh", ["-c", `printf '%s' ${shellQuote(hostile.token)}`]);
    expect(stdout).toBe(hostile.token);
  });
});
