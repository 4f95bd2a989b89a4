import { parsePrometheusText } from "@boardwatch/exposition";
import { describe, expect, it } from "vitest";
import { formatText } from "./text-format";
import { family } from "./types";

describe("formatText", () => {
  it("escapes HELP and label values as the 0.0.4 format requires, and round-trips through the parser", () => {
    const text = formatText([
      family("x_total", 'a \\ back\nslash "quoted"', "counter", [{ labels: [["path", 'C:\\dir\n"x"']], value: 1.5 }]),
      family("y", "special values", "gauge", [
        { labels: [], value: NaN },
        { labels: [["s", "+"]], value: Infinity },
        { labels: [["s", "-"]], value: -Infinity },
      ]),
      family("empty", "dropped", "gauge"),
    ]);
    expect(text).toBe(
      '# HELP x_total a \\\\ back\\nslash "quoted"\n# TYPE x_total counter\nx_total{path="C:\\\\dir\\n\\"x\\""} 1.5\n' +
        '# HELP y special values\n# TYPE y gauge\ny NaN\ny{s="+"} +Inf\ny{s="-"} -Inf\n',
    );
    const parsed = parsePrometheusText(text);
    expect(parsed.samples[0]?.labels).toEqual([["path", 'C:\\dir\n"x"']]);
    expect(parsed.metadata.get("x_total")?.help).toBe('a \\ back\nslash "quoted"');
  });
});
