import { createHash } from "node:crypto";
import type { Labels } from "./types";

/** Canonical text of a label set: names sorted, NUL/0xFF-separated so no two label sets collide. */
export function canonicalLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  let out = "";
  for (const name of names) out += `${name}\u0000${labels[name]}\u00ff`;
  return out;
}

/** Stable 128-bit fingerprint of a label set (sha256 prefix of its canonical text). */
export function fingerprint(canonical: string): Buffer {
  return createHash("sha256").update(canonical).digest().subarray(0, 16);
}

/** The label set as JSON with sorted keys (what `series.labels` stores). */
export function labelsJson(labels: Labels): string {
  const sorted: Labels = {};
  for (const name of Object.keys(labels).sort()) sorted[name] = labels[name] as string;
  return JSON.stringify(sorted);
}
