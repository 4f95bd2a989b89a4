import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { authenticateApiToken, env } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/boardwatch.js", import.meta.url));
const db = getDb(env.DATABASE_URL);

/** Runs `npx boardwatch …` as an operator would: stdout, stderr and the exit code. */
async function boardwatch(...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: process.env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("npx boardwatch", () => {
  it("creates a tenant with an owner and a token, printing only the token", async () => {
    const slug = `cli-${randomBytes(3).toString("hex")}`;
    const created = await boardwatch("tenant", "create", slug, "--name", "CLI Co", "--owner-email", `${slug}@example.test`, "--owner-password", "a-long-password");
    expect(created).toMatchObject({ code: 0, stdout: `${slug}\n` });
    const token = await boardwatch("token", "create", "--tenant", slug, "--name", "ci", "--scope", "read,write");
    expect(token.code).toBe(0);
    expect(token.stdout).toMatch(/^bwt_[A-Za-z0-9_-]{43}\n$/);
    const auth = await authenticateApiToken({ db }, token.stdout.trim(), "WRITE");
    expect(auth.tenant.slug).toBe(slug);
    const owner = await db.membership.findFirstOrThrow({ where: { tenant: { slug } }, include: { user: true } });
    expect(owner).toMatchObject({ role: "OWNER", user: { email: `${slug}@example.test` } });
  });

  it("rejects bad input with exit code 2 and a message naming the option, writing nothing", async () => {
    const before = await db.tenant.count();
    expect(await boardwatch("tenant", "create", "Bad Slug")).toMatchObject({ code: 2, stdout: "", stderr: expect.stringMatching(/--slug: must be lowercase/) });
    expect(await boardwatch("token", "create", "--tenant", "nope", "--name", "x", "--scope", "admin")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--scope:/) });
    expect(await boardwatch("token", "create", "--tenant", "does-not-exist", "--name", "x", "--scope", "read")).toMatchObject({ code: 2, stderr: expect.stringMatching(/no tenant "does-not-exist"/) });
    expect(await boardwatch("token", "create", "--name", "x", "--scope", "read")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--tenant is required/) });
    expect((await boardwatch("frobnicate")).code).toBe(2);
    expect(await db.tenant.count()).toBe(before);
  });
});
