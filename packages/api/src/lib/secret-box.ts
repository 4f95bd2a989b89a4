import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { requireSecret } from "../env";

// AES-256-GCM with a key derived from BOARDWATCH_SECRET, for secrets the servers must read back in plaintext
// (board credentials the scrapers present, Slack webhook URLs). Format: v1.<iv>.<tag>.<ciphertext>, base64url.
// Derived once per secret: every scrape opens a board credential, and HKDF need not run each time.
let derived: { secret: string; key: Buffer } | undefined;
function key(): Buffer {
  const secret = requireSecret();
  if (derived?.secret !== secret) derived = { secret, key: Buffer.from(hkdfSync("sha256", secret, "boardwatch", "secret-box v1", 32)) };
  return derived.key;
}

/** Encrypts a secret for storage. */
export function sealSecret(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), data].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/** Decrypts what `sealSecret` produced; throws if it was tampered with or sealed under another secret. */
export function openSecret(sealed: string): string {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) throw new Error("not a sealed secret");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}
