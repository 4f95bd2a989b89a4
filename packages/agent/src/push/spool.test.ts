import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Spool } from "./spool";

describe("Spool", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "bw-spool-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function drain(spool: Spool): Promise<string[]> {
    const out: string[] = [];
    for (let entry = spool.oldest(); entry; entry = spool.oldest()) {
      out.push((await spool.read(entry)).toString());
      await spool.remove(entry);
    }
    return out;
  }

  it("keeps batches in memory until spilled, then one file per batch, replayed in order after a restart", async () => {
    const spool = new Spool({ dir, maxBytes: 1000 });
    await spool.open();
    await spool.append(Buffer.from("a"));
    await spool.append(Buffer.from("b"));
    expect(await readdir(dir)).toEqual([]);
    await spool.spill();
    await spool.append(Buffer.from("c"));
    expect(await readdir(dir)).toEqual(["0000000000000000.rw", "0000000000000001.rw", "0000000000000002.rw"]);

    const reopened = new Spool({ dir, maxBytes: 1000 });
    await reopened.open();
    expect(reopened.length).toBe(3);
    await reopened.append(Buffer.from("d"));
    expect(await drain(reopened)).toEqual(["a", "b", "c", "d"]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("drops the oldest batches beyond the size bound and counts them", async () => {
    const spool = new Spool({ dir, maxBytes: 10 });
    await spool.open();
    await spool.spill();
    for (const body of ["1111", "2222", "3333", "4444"]) await spool.append(Buffer.from(body));
    expect(spool.dropped).toBe(2);
    expect(spool.bytes).toBe(8);
    expect(await drain(spool)).toEqual(["3333", "4444"]);
  });

  it("removes half-written files left by a crash", async () => {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(join(dir, "0000000000000007.rw.tmp"), "partial");
    await writeFile(join(dir, "0000000000000006.rw"), "whole");
    const spool = new Spool({ dir, maxBytes: 100 });
    await spool.open();
    expect(await drain(spool)).toEqual(["whole"]);
    await spool.append(Buffer.from("next"));
    await spool.spill();
    expect(await readdir(dir)).toEqual(["0000000000000007.rw"]);
  });
});
