/** Label-set fingerprints as Alertmanager computes them (`model.LabelSet.Fingerprint`, FNV-1a 64). */
import type { Labels } from "@boardwatch/promql";

const offset64 = 0xcbf29ce484222325n;
const prime64 = 0x100000001b3n;
const mask64 = 0xffffffffffffffffn;
const encoder = new TextEncoder();

function fnvAdd(h: bigint, bytes: Uint8Array): bigint {
  for (const b of bytes) h = ((h ^ BigInt(b)) * prime64) & mask64;
  return h;
}

/** FNV-1a 64 of the sorted `name 0xff value 0xff` pairs, as a 16-digit hex string. */
export function fingerprint(labels: Labels): string {
  let h = offset64;
  const sep = new Uint8Array([0xff]);
  for (const name of Object.keys(labels).sort()) {
    h = fnvAdd(h, encoder.encode(name));
    h = fnvAdd(h, sep);
    h = fnvAdd(h, encoder.encode(labels[name]));
    h = fnvAdd(h, sep);
  }
  return h.toString(16).padStart(16, "0");
}

/** A stable string for a label set, usable as a map key and in messages: `{a="1", b="2"}`. */
export function formatLabels(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(", ")}}`;
}
