import "server-only";
import { AppError } from "@boardwatch/api";

/** Reads a request body, refusing (413) more than `maxBytes` without buffering the excess. */
export async function readBody(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) throw new AppError("BAD_REQUEST", `body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = req.body?.getReader();
  for (let r = await reader?.read(); reader && r && !r.done; r = await reader.read()) {
    total += r.value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AppError("BAD_REQUEST", `body exceeds the ${maxBytes}-byte limit`);
    }
    chunks.push(r.value);
  }
  return Buffer.concat(chunks, total);
}
