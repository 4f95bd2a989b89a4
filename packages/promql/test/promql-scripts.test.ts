import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runScript, type EvalResult } from "../src/promqltest/run";
import { CORE_SCRIPTS as CORE, SCRIPT_EXCEPTIONS as EXCEPTIONS, SCRIPTS_DIR as dir, SKIPPED_SCRIPTS as SKIPPED_FILES } from "../src/promqltest/suite";

const summary: { file: string; pass: number; fail: number; skip: number; excepted: number }[] = [];

describe("Prometheus PromQL test scripts", () => {
  for (const file of CORE) {
    it(`${file}.test`, async () => {
      const results: EvalResult[] = await runScript(readFileSync(join(dir, `${file}.test`), "utf8"));
      const failures = results.filter((r) => r.status === "fail");
      const unexpected = failures.filter((r) => EXCEPTIONS[`${file}:${r.line}`] === undefined);
      summary.push({
        file,
        pass: results.filter((r) => r.status === "pass").length,
        fail: failures.length,
        skip: results.filter((r) => r.status === "skip").length,
        excepted: failures.length - unexpected.length,
      });
      expect(unexpected.map((r) => `${file}.test:${r.line}: ${r.expr}\n    ${r.reason}`)).toEqual([]);
    });
  }

  it("lists every testdata file as core or skipped", () => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".test")).map((f) => f.slice(0, -".test".length));
    expect([...CORE, ...Object.keys(SKIPPED_FILES)].sort()).toEqual(files.sort());
  });

  afterAll(() => {
    const rows = summary.sort((a, b) => a.file.localeCompare(b.file));
    const lines = rows.map((r) => `${r.file.padEnd(22)} ${String(r.pass).padStart(5)} ${String(r.fail).padStart(5)} ${String(r.excepted).padStart(8)} ${String(r.skip).padStart(5)}`);
    console.log([`${"file".padEnd(22)} ${"pass".padStart(5)} ${"fail".padStart(5)} ${"excepted".padStart(8)} ${"skip".padStart(5)}`, ...lines, ...Object.entries(SKIPPED_FILES).map(([f, why]) => `${f.padEnd(22)} skipped: ${why}`)].join("\n"));
  });
});
