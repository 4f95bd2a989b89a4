import { AppError, enrollBoard, enrolmentRequest, env, httpStatusOf, publicUrl } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import { ZodError } from "zod";
import { readBody } from "@/lib/read-body";

export const dynamic = "force-dynamic";

/** `boardwatch-agent enroll`: trades an enrolment token for a board credential (201), errors as `{ error }`. */
export async function POST(req: Request) {
  try {
    const raw = new TextDecoder().decode(await readBody(req, 64 * 1024));
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return Response.json({ error: "body: must be JSON" }, { status: 400 });
    }
    const input = enrolmentRequest.parse(json);
    const ip = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
    return Response.json(await enrollBoard({ db: getDb(env.DATABASE_URL), ip }, input, publicUrl), { status: 201 });
  } catch (error) {
    if (error instanceof ZodError) {
      return Response.json({ error: error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ") }, { status: 400 });
    }
    if (error instanceof AppError) return Response.json({ error: error.message }, { status: httpStatusOf[error.code] });
    throw error;
  }
}
