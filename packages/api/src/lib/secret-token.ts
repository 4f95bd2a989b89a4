import { createHash, randomBytes } from "node:crypto";

/** A fresh bearer secret such as `bwt_<43 base64url chars>` (256 random bits); the prefix names its kind (API token, invitation, enrolment token, board credential). */
export function generateSecretToken(kind: "bwt" | "bwi" | "bwe" | "bwb"): string {
  return `${kind}_${randomBytes(32).toString("base64url")}`;
}

/** How a secret token is stored: its SHA-256, hex. High-entropy tokens need no slow KDF. */
export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The part of a token that may be shown again, to tell tokens apart. */
export function displayPrefix(token: string): string {
  return token.slice(0, 12);
}

/** A fresh secret with what is stored of it: the display prefix and the hash. */
export function issueSecretToken(kind: Parameters<typeof generateSecretToken>[0]) {
  const token = generateSecretToken(kind);
  return { token, prefix: displayPrefix(token), hash: hashSecretToken(token) };
}
