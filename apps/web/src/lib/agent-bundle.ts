import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";

const RELATIVE = "packages/agent/dist/boardwatch-agent.mjs";

/** The built agent bundle; the web app runs from the repo root or from apps/web. */
export function agentBundlePath(): string | null {
  for (const base of [process.cwd(), path.resolve(process.cwd(), "../..")]) {
    const candidate = path.join(base, RELATIVE);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
