import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { instantQuery, rangeQuery } from "./engine";
import { MemoryQuerier } from "./memory-querier";
import { ParseError } from "./parse";
import { QueryError } from "./values";

/** Every query of the scripts (valid or not), against data it was not written for: only our two error types may escape. */
it("throws only ParseError or QueryError for every script query over unrelated data", async () => {
  const dir = join(import.meta.dirname, "..", "testdata");
  const queries: string[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith(".test"))) {
    for (const line of readFileSync(join(dir, f), "utf8").split("\n")) {
      const m = /^\s*eval\S*\s+(?:instant\s+at\s+\S+|range\s+from\s+\S+\s+to\s+\S+\s+step\s+\S+)\s+(.+)$/.exec(line);
      if (m?.[1]) queries.push(m[1]);
    }
  }
  const q = new MemoryQuerier();
  const ts = Float64Array.from({ length: 50 }, (_, i) => i * 60_000);
  for (const name of ["http_requests", "http_requests_total", "foo", "metric", "testhistogram_bucket"]) {
    for (const instance of ["0", "1"]) {
      for (const le of ["0.1", "1", "+Inf"]) {
        const values = Float64Array.from({ length: 50 }, (_, i) => ((i * 7 + Number(instance)) % 13) - 3);
        q.append({ __name__: name, instance, job: "api", le }, ts, values);
      }
    }
  }
  const unexpected: string[] = [];
  for (const query of queries) {
    for (const run of [() => instantQuery(q, query, 1_800_000), () => rangeQuery(q, query, 0, 3_000_000, 60_000)]) {
      try {
        await run();
      } catch (e) {
        if (!(e instanceof ParseError || e instanceof QueryError)) unexpected.push(`${query}: ${String(e)}`);
      }
    }
  }
  expect(queries.length).toBeGreaterThan(2000);
  expect(unexpected).toEqual([]);
});
