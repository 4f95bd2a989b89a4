import { dirname } from "node:path";

export const UNIT_PATH = "/etc/systemd/system/boardwatch-agent.service";

export interface SystemdUnitOptions {
  nodePath: string;
  bundlePath: string;
  statePath: string;
}

/** The boardwatch-agent.service unit: a restarting `node <bundle> run`, read-only but for its state dir. */
export function systemdUnit(options: SystemdUnitOptions): string {
  const exec = [options.nodePath, options.bundlePath, "run", "--state", options.statePath].map(systemdQuote).join(" ");
  return `[Unit]
Description=Boardwatch agent
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
ExecStart=${exec}
Restart=always
RestartSec=5
# The agent reads /proc and /sys and writes only its state directory (credential and remote write spool).
NoNewPrivileges=yes
ProtectSystem=strict
ReadWritePaths=${systemdQuote(dirname(options.statePath))}
PrivateTmp=yes

[Install]
WantedBy=multi-user.target
`;
}

// systemd splits ExecStart on whitespace, honours double quotes with C escapes, and expands % specifiers
// and $ variables, so paths are quoted and those characters doubled.
export function systemdQuote(arg: string): string {
  const escaped = arg.replace(/%/g, "%%").replace(/\$/g, "$$$$");
  if (/^[A-Za-z0-9_\-./:=@+,]+$/.test(escaped)) return escaped;
  return `"${escaped.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
