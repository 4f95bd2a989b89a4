import { describe, expect, it } from "vitest";
import { parseOpenMetrics } from "./openmetrics-parser";
import { parsePrometheusText } from "./text-parser";
import type { Sample } from "./types";

// Random samples written out the way client libraries write them must parse back to themselves.
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

const VALUE_CHARS = ['"', "\\", "\n", "a", "Z", "0", " ", "#", "{", "}", ",", "=", "é", "☕", "😀", "\t", "\0"];

function randomSamples(random: () => number, withTimestamps: boolean): Sample[] {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const samples: Sample[] = [];
  for (let family = 0; family < 40; family++) {
    const name = `fam_${family}${pick(["", ":rate5m", "_x"])}`;
    for (let series = 0; series < 1 + Math.floor(random() * 3); series++) {
      const labels: [string, string][] = [["series", String(series)]];
      for (let l = Math.floor(random() * 3); l > 0; l--) {
        labels.push([`l${l}_${pick(["a", "B", "_"])}`, Array.from({ length: Math.floor(random() * 6) }, () => pick(VALUE_CHARS)).join("")]);
      }
      const value = pick([0, -0, 1, -1.5, 1e-300, 5e-324, 1.7976931348623157e308, Math.PI, random() * 1e9, NaN, Infinity, -Infinity]);
      const timestampMs = withTimestamps && random() < 0.5 ? Math.floor(random() * 2e12) : undefined;
      samples.push({ name, labels, value, timestampMs });
    }
  }
  return samples;
}

const escape = (value: string): string => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const formatValue = (value: number): string => (Number.isNaN(value) ? "NaN" : value === Infinity ? "+Inf" : value === -Infinity ? "-Inf" : Object.is(value, -0) ? "-0" : String(value));
const line = (s: Sample, timestamp: string): string =>
  `${s.name}{${s.labels.map(([n, v]) => `${n}="${escape(v)}"`).join(",")}} ${formatValue(s.value)}${timestamp}`;

describe("round trip", () => {
  it.each([1, 2, 3, 4, 5])("text format, seed %i", (seed) => {
    const samples = randomSamples(prng(seed), true);
    const body = samples.map((s) => `${line(s, s.timestampMs === undefined ? "" : ` ${s.timestampMs}`)}\n`).join("");
    expect(parsePrometheusText(Buffer.from(body)).samples).toEqual(samples);
  });

  it.each([1, 2, 3, 4, 5])("OpenMetrics, seed %i", (seed) => {
    const samples = randomSamples(prng(seed), false);
    const body = `${samples.map((s) => `${line(s, "")}\n`).join("")}# EOF\n`;
    expect(parseOpenMetrics(Buffer.from(body)).samples).toEqual(samples);
  });
});
