// The Prometheus `.test` scripts (packages/promql/testdata) run through this store on both backends: series
// loaded by its writer into real Postgres (or PGlite with TimescaleDB), queries through the engine reading it. Every eval also runs with nothing pushed down to
// SQL (QueryOptions.pushdown false), and fails unless both answers agree: the differential test of the SQL
// evaluation (SampleStore.overTime) against the engine's own.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CORE_SCRIPTS, runScript, SCRIPT_EXCEPTIONS, SCRIPTS_DIR, type ScriptStorage } from "@boardwatch/promql/promqltest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS, migrateSampleStore, SampleStore } from "../src/index";
import type { Querier } from "../src/types";
import { BACKENDS, openTestDatabase, type TestDatabase } from "./backends";

/** Range functions evaluated in SQL over all scripts, to show the differential compared something. */
let pushedDown = 0;

/** Loads into a fresh tenant after every `clear`, so scripts never see each other's series. */
function storeStorage(store: SampleStore): ScriptStorage {
  const prefix = randomUUID();
  let generation = 0;
  const tenant = () => `${prefix}:${generation}`;
  const querierOf = (tenantId: string): Querier => {
    return {
      select: store.querier(tenantId).select,
      overTime: (...args) => {
        pushedDown++;
        return store.overTime(tenantId, ...args);
      },
    };
  };
  let querier = querierOf(tenant());
  return {
    get querier() {
      return querier;
    },
    load: async (series) => {
      // A series defined twice in one load takes the later values, as the scripts expect; the store keeps the
      // first sample written at a timestamp.
      const merged = new Map<string, { labels: Record<string, string>; samples: Map<number, number> }>();
      for (const s of series) {
        const key = JSON.stringify(Object.entries(s.labels).sort());
        const entry = merged.get(key) ?? { labels: s.labels, samples: new Map() };
        s.timestamps.forEach((t, i) => entry.samples.set(t, s.values[i] as number));
        merged.set(key, entry);
      }
      await store.write(
        tenant(),
        [...merged.values()].map(({ labels, samples }) => ({ labels, samples: [...samples].sort(([a], [b]) => a - b).map(([t, v]) => ({ t, v })) })),
      );
    },
    clear: async () => {
      generation++;
      querier = querierOf(tenant());
    },
  };
}

describe.each(BACKENDS)("Prometheus PromQL test scripts through the sample store on %s", (backend) => {
  let db: TestDatabase;
  let store: SampleStore;
  const counts: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    await migrateSampleStore(db.pool);
    // The scripts load thousands of samples at once, timestamped from 1970: no rate or series limits.
    store = await SampleStore.open(db.pool, { limits: () => ({ ...DEFAULT_LIMITS, ingestionRate: 0, maxActiveSeries: 0 }) });
  });
  afterAll(async () => {
    console.log([`${`file (${backend})`.padEnd(22)}  pass  fail  excepted  skip`, ...counts].join("\n"));
    await db?.close();
  });

  for (const file of CORE_SCRIPTS) {
    it(`${file}.test`, async () => {
      const results = await runScript(readFileSync(join(SCRIPTS_DIR, `${file}.test`), "utf8"), { storage: storeStorage(store), differential: true });
      const failures = results.filter((r) => r.status === "fail");
      const unexpected = failures.filter((r) => SCRIPT_EXCEPTIONS[`${file}:${r.line}`] === undefined);
      const count = (status: string) => String(results.filter((r) => r.status === status).length).padStart(5);
      counts.push(`${file.padEnd(22)} ${count("pass")} ${count("fail")} ${String(failures.length - unexpected.length).padStart(9)} ${count("skip")}`);
      expect(unexpected.map((r) => `${file}.test:${r.line}: ${r.expr}\n    ${r.reason}`)).toEqual([]);
    }, 300_000);
  }

  it("evaluated range functions in SQL for the scripts that use them", () => {
    // count/min/max/last/present_over_time over plain selectors, outside subqueries, in functions.test and others.
    expect(pushedDown).toBeGreaterThan(50);
  });
});
