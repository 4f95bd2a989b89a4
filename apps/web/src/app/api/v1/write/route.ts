import { AppError, httpStatusOf, ingestRemoteWrite } from "@boardwatch/api";
import { readBody } from "@/lib/read-body";
import { tenantOfRequest } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

const MAX_COMPRESSED_BODY = 32 * 1024 * 1024;

/** Prometheus remote_write 1.0 receiver. Errors are plain text, as remote-write senders log them verbatim. */
export async function POST(req: Request) {
  try {
    const type = req.headers.get("content-type") ?? "";
    if (!type.startsWith("application/x-protobuf")) {
      return new Response(`unsupported Content-Type "${type}": remote_write needs application/x-protobuf`, { status: 415 });
    }
    const encoding = req.headers.get("content-encoding");
    if (encoding && encoding !== "snappy") {
      return new Response(`unsupported Content-Encoding "${encoding}": remote_write needs snappy`, { status: 415 });
    }
    const tenant = await tenantOfRequest(req, "WRITE");
    await ingestRemoteWrite(tenant.id, await readBody(req, MAX_COMPRESSED_BODY));
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof AppError) return new Response(error.message, { status: httpStatusOf[error.code] });
    throw error;
  }
}
