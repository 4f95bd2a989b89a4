import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { authenticateApiToken, enrollBoard, enrolmentRequest, env } from "@boardwatch/api";
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
  it("shows and overrides a tenant's ingestion limits, refusing unknown or negative ones", async () => {
    const slug = `lim-${randomBytes(3).toString("hex")}`;
    await boardwatch("tenant", "create", slug);
    const shown = await boardwatch("tenant", "limits", slug);
    expect(JSON.parse(shown.stdout)).toMatchObject({ ingestionRate: 10_000, maxActiveSeries: 150_000 });
    const set = await boardwatch("tenant", "limits", slug, "--set", "ingestionRate=50000,maxActiveSeries=300000");
    expect(JSON.parse(set.stdout)).toMatchObject({ ingestionRate: 50_000, maxActiveSeries: 300_000, ingestionBurstSize: 200_000 });
    const reset = await boardwatch("tenant", "limits", slug, "--set", "maxActiveSeries=default");
    expect(JSON.parse(reset.stdout)).toMatchObject({ ingestionRate: 50_000, maxActiveSeries: 150_000 });
    expect(await boardwatch("tenant", "limits", slug, "--set", "maxSeries=5")).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown limit maxSeries/) });
    expect(await boardwatch("tenant", "limits", slug, "--set", "ingestionRate=-1")).toMatchObject({ code: 2, stderr: expect.stringMatching(/ingestionRate: must not be negative/) });
    expect(JSON.parse((await boardwatch("tenant", "limits", slug)).stdout)).toMatchObject({ ingestionRate: 50_000 });
  });

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

  it("creates enrolment tokens that enrol boards with the given labels, printing only the token", async () => {
    const slug = `enrol-${randomBytes(3).toString("hex")}`;
    await boardwatch("tenant", "create", slug);
    const created = await boardwatch("enrolment-token", "create", "--tenant", slug, "--labels", "site=lab,rack=3", "--expires", "24h", "--max-uses", "2");
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^bwe_[A-Za-z0-9_-]{43}\n$/);
    const board = await enrollBoard({ db }, enrolmentRequest.parse({ token: created.stdout.trim(), hostname: "pi-cli", scrapeUrl: "http://127.0.0.1:9/metrics" }), "http://x");
    expect(board.tenant).toBe(slug);
    const row = await db.board.findUniqueOrThrow({ where: { id: board.boardId } });
    expect(row.labels).toEqual({ site: "lab", rack: "3" });
    expect(await boardwatch("enrolment-token", "create", "--tenant", slug, "--expires", "soon")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--expires: must be hours or days/) });
    expect(await boardwatch("enrolment-token", "create", "--tenant", slug, "--labels", "job=x")).toMatchObject({ code: 2, stderr: expect.stringMatching(/--labels: job, instance and board are set by Boardwatch/) });
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
