import { readFile } from "node:fs/promises";
import { agentBundlePath } from "@/lib/agent-bundle";

export const dynamic = "force-dynamic";

/** The single-file agent the install script fetches; boards need only Node to run it. */
export async function GET() {
  const bundle = agentBundlePath();
  if (!bundle) return new Response("the agent bundle is not built (npm run build)", { status: 503 });
  return new Response(await readFile(bundle), {
    headers: { "content-type": "text/javascript; charset=utf-8", "content-disposition": 'attachment; filename="boardwatch-agent.mjs"' },
  });
}
