import { describe, expect, it } from "vitest";
import { auth } from "../src";
import { db, uniq } from "./fixtures";

const base = "http://localhost:3999/api/auth";

function post(path: string, body: unknown, ip: string) {
  return auth.handler(
    new Request(`${base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3999", "x-forwarded-for": ip },
      body: JSON.stringify(body),
    }),
  );
}

describe("browser accounts", () => {
  it("signs up with an HTTP-only session cookie and stores only a memory-hard password hash", async () => {
    const email = `${uniq("signup")}@example.test`;
    const res = await post("/sign-up/email", { email, password: "a-long-password-1", name: "S" }, "10.0.0.1");
    expect(res.status).toBe(200);
    const cookie = res.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const account = await db.account.findFirstOrThrow({ where: { user: { email } } });
    expect(account.password).not.toContain("a-long-password-1");
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/); // scrypt salt:key
  });

  it("rejects short passwords naming the field", async () => {
    const res = await post("/sign-up/email", { email: `${uniq("short")}@example.test`, password: "short", name: "S" }, "10.0.0.2");
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/password/i);
  });

  it("limits sign-in attempts per client address and audits failures", async () => {
    const email = `${uniq("victim")}@example.test`;
    await post("/sign-up/email", { email, password: "the-right-password", name: "V" }, "10.0.0.3");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await post("/sign-in/email", { email, password: "wrong-password-xx" }, "10.9.9.9")).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]); // AUTH_LOGIN_RATE_LIMIT=3 in tests
    expect(statuses.slice(3)).toEqual([429, 429]);
    // The right password from the limited address is refused too, while another address still gets in.
    expect((await post("/sign-in/email", { email, password: "the-right-password" }, "10.9.9.9")).status).toBe(429);
    expect((await post("/sign-in/email", { email, password: "the-right-password" }, "10.9.9.10")).status).toBe(200);
    const failures = await db.auditEvent.findMany({ where: { action: "auth.login_failed", target: email } });
    expect(failures).toHaveLength(3);
    expect(failures[0]?.ip).toBe("10.9.9.9");
  });

  it("refuses cookie-authenticated requests from foreign origins", async () => {
    const res = await auth.handler(
      new Request(`${base}/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: "https://evil.example", "x-forwarded-for": "10.0.0.4", cookie: "better-auth.session_token=x" },
        body: JSON.stringify({ email: `${uniq("csrf")}@example.test`, password: "a-long-password-1", name: "C" }),
      }),
    );
    expect(res.status).toBe(403);
  });
});
