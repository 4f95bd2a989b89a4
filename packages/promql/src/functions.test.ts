import { parser } from "@prometheus-io/lezer-promql";
import { describe, expect, it } from "vitest";
import { IMPLEMENTED_FUNCTIONS } from "./evaluate-call";
import { FUNCTIONS } from "./functions";

describe("function registry", () => {
  it("has an evaluator for every registered function and nothing else", () => {
    expect([...IMPLEMENTED_FUNCTIONS].sort()).toEqual([...FUNCTIONS.keys()].sort());
  });

  it("only registers names the official grammar parses as function calls", () => {
    for (const name of FUNCTIONS.keys()) {
      const tree = parser.parse(`${name}()`);
      expect(tree.topNode.firstChild?.type.name, name).toBe("FunctionCall");
    }
  });
});
