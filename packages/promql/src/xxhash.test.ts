import { describe, expect, it } from "vitest";
import { xxhash64 } from "./xxhash";

const enc = (s: string) => new TextEncoder().encode(s);

describe("xxhash64", () => {
  it.each([
    ["", 0xef46db3751d8e999n],
    ["a", 0xd24ec4f1a98c6e5bn],
    ["abc", 0x44bc2cf5ad770999n],
    ["Nobody inspects the spammish repetition", 0xfbcea83c8a378bf1n],
  ])("hashes %j like the reference implementation", (input, want) => {
    expect(xxhash64(enc(input))).toBe(want);
  });
});
