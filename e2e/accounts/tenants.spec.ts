import { expect, test } from "@playwright/test";
import { createTenant, openTenantPage, signIn, signUp, uniqueEmail } from "../support/flows";

test("sign up, create a tenant, invite a viewer who cannot change it, switch tenants, log out and in", async ({ browser }) => {
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  const ownerEmail = uniqueEmail("owner");
  const suffix = ownerEmail.split("@")[0]!.split("-")[1]!;

  await owner.goto("/");
  await expect(owner).toHaveURL(/\/login/);
  await owner.getByRole("link", { name: "Create one" }).click();
  await signUp(owner, ownerEmail, "Olga Owner");
  await expect(owner).toHaveURL(/\/tenants\/new$/);
  const slug = await createTenant(owner, `Acme Fleet ${suffix}`);

  // Invite a viewer and copy the link the UI shows once.
  await openTenantPage(owner, "Members");
  const viewerEmail = uniqueEmail("viewer");
  await owner.getByLabel("Email").fill(viewerEmail);
  await owner.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await owner.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await owner.getByTestId("invitation-link").textContent())!;
  expect(link).toMatch(/\/invite\/bwi_/);
  await owner.screenshot({ path: "artifacts/accounts-invitation.png", fullPage: true });

  // A second person, in a separate browser context, accepts it as a new user.
  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await viewer.goto(link);
  await viewer.getByRole("link", { name: "create an account" }).click();
  await signUp(viewer, viewerEmail, "Vic Viewer");
  await expect(viewer).toHaveURL(/\/invite\//);
  await expect(viewer.getByText(`You are invited to Acme Fleet ${suffix} as viewer`)).toBeVisible();
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/t/${slug}$`));
  await expect(viewer.getByTestId("tenant-name")).toHaveText(`Acme Fleet ${suffix}`);
  await expect(viewer.getByTestId("current-user")).toContainText("viewer");

  // The viewer sees the tenant but any change is refused, clearly, and nothing changes.
  await openTenantPage(viewer, "Settings");
  await viewer.getByLabel("Tenant name").fill("Taken over");
  await viewer.getByRole("button", { name: "Save" }).click();
  await expect(viewer.getByRole("main").getByRole("alert")).toHaveText("changing tenant settings requires the admin role; you are viewer");
  await viewer.screenshot({ path: "artifacts/accounts-viewer-refused.png", fullPage: true });
  await openTenantPage(viewer, "Members");
  await expect(viewer.getByTestId(`member-${viewerEmail}`)).toContainText("viewer");
  await expect(viewer.getByLabel(`Role of ${ownerEmail}`)).toHaveCount(0);
  const forged = await viewer.request.post("/api/trpc/member.changeRole", {
    headers: { "content-type": "application/json", origin: new URL(link).origin },
    data: { json: { tenant: slug, membershipId: "x", role: "OWNER" } },
  });
  expect(forged.status()).toBe(403);
  await owner.goto(`/t/${slug}`);
  await expect(owner.getByTestId("tenant-name")).toHaveText(`Acme Fleet ${suffix}`);

  // Log out and back in.
  await viewer.getByRole("button", { name: "Sign out" }).click();
  await expect(viewer).toHaveURL(/\/login/);
  await viewer.goto(`/t/${slug}`);
  await expect(viewer).toHaveURL(/\/login\?next=/);
  await signIn(viewer, viewerEmail);
  await expect(viewer).toHaveURL(new RegExp(`/t/${slug}$`));

  // A second tenant of the owner's: switching shows only that tenant's data.
  await owner.getByLabel("Switch tenant").selectOption("__new");
  await expect(owner).toHaveURL(/\/tenants\/new$/);
  const second = await createTenant(owner, `Second Site ${suffix}`);
  await openTenantPage(owner, "Members");
  await expect(owner.getByTestId(`member-${ownerEmail}`)).toBeVisible();
  await expect(owner.getByTestId(`member-${viewerEmail}`)).toHaveCount(0);
  await owner.getByLabel("Switch tenant").selectOption(slug);
  await expect(owner).toHaveURL(new RegExp(`/t/${slug}$`));
  await openTenantPage(owner, "Members");
  await expect(owner.getByTestId(`member-${viewerEmail}`)).toBeVisible();
  // The viewer is not a member of the second tenant: it does not exist for them.
  const foreign = await viewer.goto(`/t/${second}`);
  expect(foreign?.status()).toBe(404);

  await ownerCtx.close();
  await viewerCtx.close();
});

test("API tokens are shown once, work against the Prometheus API, and stop working when revoked", async ({ page }) => {
  await page.goto("/signup");
  await signUp(page, uniqueEmail("tokens"), "Tess Tokens");
  const slug = await createTenant(page, `Tokens ${Date.now()}`);
  await openTenantPage(page, "API tokens");
  await page.getByLabel("Name").fill("grafana");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())!;
  expect(token).toMatch(/^bwt_/);
  await expect(page.getByTestId("token-grafana")).toContainText(token.slice(0, 12));
  await expect(page.getByTestId("token-grafana")).not.toContainText(token.slice(12));

  const api = page.context().request;
  const ok = await api.get("/api/v1/status/buildinfo", { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.json()).status).toBe("success");

  await page.getByTestId("token-grafana").getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByTestId("token-grafana")).toContainText("revoked");
  const refused = await api.get("/api/v1/status/buildinfo", { headers: { authorization: `Bearer ${token}` } });
  expect(refused.status()).toBe(401);
  expect(await refused.json()).toMatchObject({ status: "error", errorType: "unauthorized" });

  await openTenantPage(page, "Audit log");
  await expect(page.getByRole("cell", { name: "token.revoke" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "token.create" })).toBeVisible();
  await page.screenshot({ path: "artifacts/accounts-audit-log.png", fullPage: true });
  expect(slug).toBeTruthy();
});
