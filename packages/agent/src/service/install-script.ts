export interface InstallScriptOptions {
  serverUrl: string;
  /** Baked into the script when given; otherwise the caller passes `--token` (`curl … | sh -s -- --token T`). */
  token?: string;
}

/**
 * The POSIX sh installer the server serves for the one-line install (`curl -fsSL URL | sh`): fetch the
 * bundle, enrol with the token, and install the systemd service when root. Extra arguments are passed to
 * `enroll` (`curl ... | sh -s -- --mode push --labels site=lab`).
 */
export function installScript(options: InstallScriptOptions): string {
  const server = options.serverUrl.replace(/\/+$/, "");
  return `#!/bin/sh
# Boardwatch agent installer for ${server.replace(/[\r\n]/g, "")}
set -eu

BOARDWATCH_SERVER=${shellQuote(server)}
${options.token ? `BOARDWATCH_TOKEN=${shellQuote(options.token)}
export BOARDWATCH_TOKEN
` : ""}
fail() {
  echo "boardwatch: $*" >&2
  exit 1
}

command -v curl >/dev/null 2>&1 || fail "curl is required"
command -v node >/dev/null 2>&1 || fail "Node.js >= 18.15 is required (https://nodejs.org)"
# 18.15 brought fs.statfs, which the filesystem metrics need.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 15) ? 0 : 1)' ||
  fail "Node.js >= 18.15 is required, found $(node --version)"

if [ "$(id -u)" -eq 0 ]; then
  INSTALL_DIR=/opt/boardwatch-agent
else
  INSTALL_DIR="$HOME/.boardwatch-agent/bin"
fi
BUNDLE="$INSTALL_DIR/boardwatch-agent.mjs"

mkdir -p "$INSTALL_DIR"
# Downloaded beside the old bundle and renamed, so a failed download never leaves a broken agent.
curl -fsSL --retry 3 "$BOARDWATCH_SERVER/api/agent/download" -o "$BUNDLE.tmp" || fail "cannot download the agent from $BOARDWATCH_SERVER"
chmod 0755 "$BUNDLE.tmp"
mv "$BUNDLE.tmp" "$BUNDLE"

# The token travels in the environment, not on the command line, where ps would show it.
node "$BUNDLE" enroll --server "$BOARDWATCH_SERVER" "$@"

if [ "$(id -u)" -eq 0 ]; then
  node "$BUNDLE" install-service
else
  echo "boardwatch: not root, so no service was installed. Either run the agent yourself:"
  echo "    node $BUNDLE run"
  echo "or install it as a systemd service by running this installer as root (sudo sh)."
fi
`;
}

/** Single-quotes a value for sh: nothing inside single quotes is special except the quote itself. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
