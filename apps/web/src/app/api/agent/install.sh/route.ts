import { publicUrl } from "@boardwatch/api";
import { installScript } from "@boardwatch/agent/install-script";

export const dynamic = "force-dynamic";

/** The installer behind the one-liner `curl -fsSL …/api/agent/install.sh | sudo sh -s -- --token T`. */
export function GET() {
  return new Response(installScript({ serverUrl: publicUrl }), { headers: { "content-type": "text/x-shellscript; charset=utf-8" } });
}
