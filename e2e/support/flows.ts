import { randomBytes } from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const password = "e2e-password-123";

export function uniqueEmail(label: string) {
  return `${label}-${randomBytes(3).toString("hex")}@example.test`;
}

/** Waits until React has hydrated the page, so typed input is not lost. Call after full page loads. */
export async function hydrated(page: Page) {
  await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
}

/** Signs up through the form on the current page. */
export async function signUp(page: Page, email: string, name: string) {
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Create your Boardwatch account" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, email: string) {
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Sign in to Boardwatch" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Opens a tenant page through the top navigation and waits for it to be shown. */
export async function openTenantPage(page: Page, link: string, heading = link) {
  await page.getByRole("navigation", { name: "Tenant" }).getByRole("link", { name: link, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
}

/** Creates a tenant from the "new tenant" page and waits for its overview. */
export async function createTenant(page: Page, name: string): Promise<string> {
  await hydrated(page);
  // The URL changes before the new page replaces the old one, which may have a "Name" field too.
  await expect(page.getByRole("heading", { name: "Create a tenant" })).toBeVisible();
  await page.getByLabel("Name").fill(name);
  const slug = await page.getByLabel("URL slug").inputValue();
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}$`));
  await expect(page.getByTestId("tenant-name")).toHaveText(name);
  return slug;
}

/** Creates a write-scoped API token on the tenant's "API tokens" page and returns it. */
export async function createWriteToken(page: Page, name = "writer"): Promise<string> {
  await openTenantPage(page, "API tokens");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("write").check();
  await page.getByRole("button", { name: "Create token" }).click();
  return (await page.getByTestId("new-token").textContent())!;
}
