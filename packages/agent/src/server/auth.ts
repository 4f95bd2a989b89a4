import { createHash, timingSafeEqual } from "node:crypto";

/**
 * Whether an Authorization header carries `Bearer <credential>`. Both sides are hashed first so the
 * comparison is constant-time even when lengths differ (timingSafeEqual needs equal lengths, and an early
 * length check would leak the credential's length).
 */
export function bearerMatches(header: string | undefined, credential: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  const presented = createHash("sha256").update(match?.[1] ?? "").digest();
  const expected = createHash("sha256").update(credential).digest();
  return timingSafeEqual(presented, expected) && match !== null && credential !== "";
}
