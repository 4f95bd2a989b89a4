import pg from "pg";
import { describe, expect, it } from "vitest";
import { authenticateApiToken, env } from "../src";
import { db, tenantWithPeople } from "./fixtures";

/** Every text rendering of every row of every table, to look for a secret anywhere in the database. */
async function databaseContains(needle: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ t: string }>(
      `SELECT quote_ident(table_name) AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const hits: string[] = [];
    for (const { t } of tables) {
      const { rowCount } = await client.query(`SELECT 1 FROM ${t} x WHERE strpos(x::text, $1) > 0`, [needle]);
      if (rowCount) hits.push(t);
    }
    return hits;
  } finally {
    await client.end();
  }
}

describe("API token lifecycle", () => {
  it("works until revoked, then stops at once; the plaintext is stored nowhere", async () => {
    const { owner, slug } = await tenantWithPeople();
    const created = await owner.caller.apiToken.create({ tenant: slug, name: "grafana", scopes: ["READ"] });
    expect(created.token).toMatch(/^bwt_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.token.slice(0, 12));

    const ok = await authenticateApiToken({ db }, created.token, "READ");
    expect(ok.tenant.slug).toBe(slug);
    await expect(authenticateApiToken({ db }, created.token, "WRITE")).rejects.toMatchObject({ code: "FORBIDDEN" });
    const listed = await owner.caller.apiToken.list({ tenant: slug });
    expect(listed.find((t) => t.id === created.id)?.lastUsedAt).toBeInstanceOf(Date);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    await owner.caller.apiToken.revoke({ tenant: slug, tokenId: created.id });
    await expect(authenticateApiToken({ db }, created.token, "READ")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(owner.caller.apiToken.revoke({ tenant: slug, tokenId: created.id })).rejects.toMatchObject({ code: "NOT_FOUND" });

    expect(await databaseContains(created.token)).toEqual([]);
    expect(await databaseContains(created.token.slice(12))).toEqual([]);
    const audit = await owner.caller.audit.list({ tenant: slug });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(["token.create", "token.revoke"]));
  });

  it("rejects unknown and expired tokens", async () => {
    const { owner, slug } = await tenantWithPeople();
    await expect(authenticateApiToken({ db }, "bwt_doesnotexist", "READ")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const created = await owner.caller.apiToken.create({ tenant: slug, name: "short", scopes: ["WRITE"], expiresInDays: 1 });
    await db.apiToken.update({ where: { id: created.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(authenticateApiToken({ db }, created.token, "WRITE")).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
