import { describe, expect, it } from "vitest";
import { matchesEmpty, toPostgresRegex } from "./regex";

describe("toPostgresRegex", () => {
  it("anchors fully and hoists leading flags, as ARE requires", () => {
    expect(toPostgresRegex("a|b")).toBe("^(?:a|b)$");
    expect(toPostgresRegex("(?i)foo.*")).toBe("(?i)^(?:foo.*)$");
    expect(toPostgresRegex("(?s)x")).toBe("^(?:x)$");
  });
  it("spells RE2 word boundaries and end of text the ARE way, leaving other escapes alone", () => {
    expect(toPostgresRegex("\\bfoo\\B\\d+\\z\\.")).toBe("^(?:\\yfoo\\Y\\d+\\Z\\.)$");
  });
  it("turns flags further in into case classes, scoped like RE2", () => {
    expect(toPostgresRegex("(?i:PRO).*")).toBe("^(?:(?:[pP][rR][oO]).*)$");
    expect(toPostgresRegex(".*((?i)DUC).*")).toBe("^(?:.*([dD][uU][cC]).*)$");
    expect(toPostgresRegex("a(?i)b(?-i)c")).toBe("^(?:a[bB]c)$");
    expect(toPostgresRegex("(?i:[a-c_]x)")).toBe("^(?:(?:[a-c_A-C][xX]))$");
    expect(toPostgresRegex("(?P<name>x)")).toBe("^(?:(x))$");
  });

  it("rejects flags ARE cannot express", () => {
    expect(() => toPostgresRegex("(?U)a+")).toThrow(/unsupported regex flags/);
  });
});

describe("matchesEmpty", () => {
  it("tells whether a missing label would match", () => {
    expect(matchesEmpty("a|")).toBe(true);
    expect(matchesEmpty(".*")).toBe(true);
    expect(matchesEmpty("a.+")).toBe(false);
    expect(matchesEmpty("(?i)x")).toBe(false);
    expect(matchesEmpty("(")).toBeUndefined();
  });
});
