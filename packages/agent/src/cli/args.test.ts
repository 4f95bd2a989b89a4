import { describe, expect, it } from "vitest";
import { parseLabels, parseMode, parseRelay, UsageError } from "./args";

describe("argument parsing", () => {
  it("parses labels", () => {
    expect(parseLabels("site=lab,rack=2,empty=")).toEqual({ site: "lab", rack: "2", empty: "" });
    expect(parseLabels(undefined)).toEqual({});
    expect(() => parseLabels("1bad=x")).toThrow(UsageError);
    expect(() => parseLabels("__name__=x")).toThrow(UsageError);
    expect(() => parseLabels("novalue")).toThrow(UsageError);
    expect(() => parseLabels("job=x")).toThrow(/set by Boardwatch/);
  });

  it("parses relays and modes", () => {
    expect(parseRelay("node=http://127.0.0.1:9100/metrics")).toEqual({ job: "node", url: "http://127.0.0.1:9100/metrics" });
    expect(() => parseRelay("node")).toThrow(UsageError);
    expect(() => parseRelay("node=ftp://x")).toThrow(UsageError);
    expect(parseMode(undefined)).toBe("pull");
    expect(parseMode("push")).toBe("push");
    expect(() => parseMode("both")).toThrow(UsageError);
  });
});
