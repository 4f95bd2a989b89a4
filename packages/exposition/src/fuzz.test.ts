import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { compressSync, uncompressSync } from "snappy";
import { describe, expect, it } from "vitest";
import { ExpositionError } from "./errors";
import { parseOpenMetrics } from "./openmetrics-parser";
import { decodeRemoteWrite, encodeRemoteWrite } from "./remote-write";
import { STALE_NAN } from "./stale-nan";
import { parsePrometheusText } from "./text-parser";

// Seeded so that a failure reproduces; the seed is in the assertion message.
function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const testdata = join(import.meta.dirname, "..", "testdata");
const corpus: Buffer[] = [
  ...readdirSync(join(testdata, "openmetrics-parsers")).map((c) => readFileSync(join(testdata, "openmetrics-parsers", c, "metrics"))),
  ...readdirSync(join(testdata, "prometheus-common-expfmt", "fuzz-corpus")).map((c) =>
    readFileSync(join(testdata, "prometheus-common-expfmt", "fuzz-corpus", c)),
  ),
  readFileSync(join(testdata, "prometheus-textparse", "alltypes.5mfs.om.txt")).subarray(0, 4000),
];
const TOKENS = ["{", "}", "=", ",", '"', "\\", "\n", " ", "\t", "#", "# EOF\n", "# TYPE ", "# HELP ", "# UNIT ", "_total", "_bucket",
  'le="+Inf"', "NaN", "+Inf", "1e308", "-0", "0x1", "\u00e9", "\ud800", "\0", "a", "counter", "histogram", "9".repeat(25)];

function mutate(random: () => number, input: Buffer): Buffer {
  const bytes = [...input];
  const edits = 1 + Math.floor(random() * 8);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (bytes.length + 1));
    const choice = random();
    if (choice < 0.3) bytes[at] = Math.floor(random() * 256);
    else if (choice < 0.55) bytes.splice(at, 1 + Math.floor(random() * 4));
    else if (choice < 0.85) bytes.splice(at, 0, ...Buffer.from(TOKENS[Math.floor(random() * TOKENS.length)] ?? ""));
    else bytes.splice(at, 0, ...bytes.slice(at, at + Math.floor(random() * 64)));
  }
  return Buffer.from(bytes);
}

function tokenSoup(random: () => number): string {
  let out = "";
  const length = Math.floor(random() * 40);
  for (let i = 0; i < length; i++) out += TOKENS[Math.floor(random() * TOKENS.length)];
  return out;
}

// Runs `parse` over many generated inputs; anything thrown must be an ExpositionError.
function fuzz(name: string, parse: (input: Buffer | string) => unknown, iterations: number): void {
  it(`${name}: ${iterations} mutated inputs only ever fail with ExpositionError`, () => {
    const seed = 0x5eed + iterations;
    const random = prng(seed);
    let rejected = 0;
    for (let i = 0; i < iterations; i++) {
      const base = corpus[Math.floor(random() * corpus.length)] ?? Buffer.alloc(0);
      const input = random() < 0.8 ? mutate(random, base) : tokenSoup(random);
      try {
        parse(input);
      } catch (error) {
        expect(error, `seed ${seed}, iteration ${i}: ${JSON.stringify(input.toString())}`).toBeInstanceOf(ExpositionError);
        rejected++;
      }
    }
    // The generator must exercise both outcomes or it tests nothing.
    expect(rejected).toBeGreaterThan(0);
    expect(rejected).toBeLessThan(iterations);
  });
}

// Inputs that would be quadratic or unbounded in a careless parser; each must finish quickly.
function pathological(): [string, string][] {
  const manyLabels = Array.from({ length: 50_000 }, (_, i) => `l${i}="v"`).join(",");
  return [
    ["50k distinct labels", `m{${manyLabels}} 1\n`],
    ["50k labels, duplicate at the end", `m{${manyLabels},l0="x"} 1\n`],
    ["1 MB label value of backslashes", `m{v="${"\\\\".repeat(500_000)}"} 1\n`],
    ["unterminated 1 MB label value", `m{v="${"x".repeat(1_000_000)}`],
    ["100k blank lines", "\n".repeat(100_000)],
    ["100k comment lines", "# c\n".repeat(100_000)],
    ["100k samples of one series", "a 1\n".repeat(100_000)],
    ["200k open braces", "{".repeat(200_000)],
    ["1 MB number", `a ${"9".repeat(1_000_000)}\n`],
  ];
}

describe("fuzz", () => {
  fuzz("parsePrometheusText", (input) => parsePrometheusText(input), 3000);
  fuzz("parseOpenMetrics", (input) => parseOpenMetrics(input), 3000);

  // A quadratic blow-up would run for minutes on these; the test timeout is the hang guard.
  it.each(pathological())("both parsers get through %s", { timeout: 20_000 }, (_name, input) => {
    for (const parse of [parsePrometheusText, parseOpenMetrics]) {
      try {
        parse(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ExpositionError);
      }
    }
  });

  it("decodeRemoteWrite only ever fails with ExpositionError on mutated snappy and protobuf", () => {
    const random = prng(0xbeef);
    const valid = encodeRemoteWrite({
      timeseries: [
        { labels: [["__name__", "a"], ["job", "j"]], samples: [{ value: STALE_NAN, timestampMs: 1 }, { value: 2, timestampMs: 2 }] },
        { labels: [["__name__", "b"]], samples: [{ value: 3, timestampMs: 3 }] },
      ],
      metadata: [{ type: "counter", metricFamilyName: "a", help: "h", unit: "" }],
    });
    const protobuf = uncompressSync(valid, { asBuffer: true }) as Buffer;
    let rejected = 0;
    const iterations = 3000;
    for (let i = 0; i < iterations; i++) {
      // Half the bodies stay valid snappy so that the protobuf decoder sees the damage.
      const body = random() < 0.5 ? mutate(random, valid) : compressSync(mutate(random, protobuf));
      try {
        decodeRemoteWrite(body);
      } catch (error) {
        expect(error, `iteration ${i}: ${body.toString("hex")}`).toBeInstanceOf(ExpositionError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(0);
    expect(rejected).toBeLessThan(iterations);
  });
});
