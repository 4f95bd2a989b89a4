import { AppError, authenticateBoardCredential, env, httpStatusOf, ingestRemoteWrite, recordBoardPush } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import { readBody } from "@/lib/read-body";
import { bearerToken, tenantOfRequest } from "@/lib/prometheus-api";

export const dynamic = "force-dynamic";

const MAX_COMPRESSED_BODY = 32 * 1024 * 1024;

/**
 * Prometheus remote_write 1.0 receiver, for tenant API tokens with write scope and for push-mode boards
 * (their credential; series are labelled as that board). Errors are plain text, as senders log them verbatim.
 */
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
    const bearer = bearerToken(req);
    if (bearer?.startsWith("bwb_")) {
      const db = getDb(env.DATABASE_URL);
      const board = await authenticateBoardCredential({ db }, bearer);
      await ingestRemoteWrite(board.tenantId, await readBody(req, MAX_COMPRESSED_BODY), { forcedLabels: { ...board.labels, board: board.name } });
      await recordBoardPush({ db }, board.boardId);
    } else {
      const tenant = await tenantOfRequest(req, "WRITE");
      await ingestRemoteWrite(tenant.id, await readBody(req, MAX_COMPRESSED_BODY));
    }
    return new Response(null, { status: 204 });
  } catch (error) {
    if (error instanceof AppError) return new Response(error.message, { status: httpStatusOf[error.code] });
    throw error;
  }
}
