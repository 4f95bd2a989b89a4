import { expect, test, type Page } from "@playwright/test";
import { createTenant, hydrated, openTenantPage, signUp, uniqueEmail } from "../support/flows";
import { createWriteToken, push } from "./helpers";

/** Thirty minutes of temperatures and disk use for two boards, every 15 s; the last five minutes pi-1 is at 45 °C, pi-2 at 38 °C. */
async function pushBoards(token: string) {
  await push(
    token,
    [
      { labels: { __name__: "dash_temp_celsius", board: "pi-1" }, value: (i) => (i >= 100 ? 45 : 40 + (i % 5)) },
      { labels: { __name__: "dash_temp_celsius", board: "pi-2" }, value: (i) => (i >= 100 ? 38 : 33 + (i % 4)) },
      { labels: { __name__: "dash_disk_used_percent", board: "pi-1" }, value: () => 72 },
      { labels: { __name__: "dash_disk_used_percent", board: "pi-2" }, value: () => 91 },
    ],
    121,
    15_000,
  );
}

/** Adds a panel in edit mode and fills in the panel editor. */
async function addPanel(page: Page, opts: { type?: string; title: string; expr: string; legend?: string; unit: string; min?: string; max?: string }) {
  await page.getByRole("button", { name: "Add panel" }).click();
  await page.getByRole("button", { name: "Edit panel New panel" }).click();
  const editor = page.getByRole("dialog", { name: "Edit panel" });
  if (opts.type) await editor.getByLabel("Panel type").selectOption(opts.type);
  await editor.getByLabel("Title", { exact: true }).fill(opts.title);
  await editor.getByRole("textbox", { name: "Query A" }).fill(opts.expr);
  if (opts.legend) await editor.getByLabel("Legend A").fill(opts.legend);
  await editor.getByLabel("Unit").selectOption(opts.unit);
  if (opts.min) await editor.getByLabel("Min", { exact: true }).fill(opts.min);
  if (opts.max) await editor.getByLabel("Max", { exact: true }).fill(opts.max);
  return editor;
}

test("build a dashboard with three panel types and a variable, reload it from the URL, restore a version", async ({ page }) => {
  await page.goto("/signup");
  await signUp(page, uniqueEmail("dash"), "Dana Dashboards");
  const slug = await createTenant(page, `Dashboards ${Date.now()}`);
  await pushBoards(await createWriteToken(page));

  await openTenantPage(page, "Dashboards");
  // The built-ins are listed for every tenant.
  await expect(page.getByRole("table", { name: "Dashboards" })).toContainText("Board overview");
  await expect(page.getByRole("table", { name: "Dashboards" })).toContainText("Fleet overview");
  await page.getByLabel("New dashboard title").fill("Lab fleet");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Lab fleet" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/dashboards/[A-Za-z0-9]+`));

  // A multi-value variable with All.
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.getByRole("button", { name: "Settings" }).click();
  const settings = page.getByRole("dialog", { name: "Dashboard settings" });
  await settings.getByRole("button", { name: "Add variable" }).click();
  await settings.getByLabel("Variable 1 name").fill("board");
  await settings.getByLabel("Variable 1 query").fill("label_values(dash_temp_celsius, board)");
  await settings.getByLabel("Variable 1 multi-value").check();
  await settings.getByLabel("Variable 1 include All").check();
  await settings.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByLabel("board", { exact: true })).toHaveValues(["$__all"]);

  // Time series with a legend template; the preview shows both boards while editing.
  let editor = await addPanel(page, { title: "Temperature", expr: 'dash_temp_celsius{board=~"$board"}', legend: "{{board}}", unit: "celsius" });
  await expect(editor.getByTestId("panel-preview").locator(".series-line")).toHaveCount(2);
  await expect(editor.getByTestId("panel-preview").getByTestId("chart-legend")).toContainText("pi-1");
  await page.screenshot({ path: "artifacts/dashboards-panel-editor.png" });
  await editor.getByRole("button", { name: "Apply" }).click();

  editor = await addPanel(page, { type: "stat", title: "Hottest", expr: 'max(dash_temp_celsius{board=~"$board"})', unit: "celsius" });
  await expect(editor.getByTestId("panel-preview").getByTestId("stat-value")).toHaveText("45°C");
  await editor.getByRole("button", { name: "Apply" }).click();

  editor = await addPanel(page, { type: "gauge", title: "Disk used", expr: 'dash_disk_used_percent{board=~"$board"}', legend: "{{board}}", unit: "percent", min: "0", max: "100" });
  await editor.getByRole("button", { name: "Add threshold" }).click();
  await editor.getByLabel("Threshold 2 value").fill("90");
  await editor.getByRole("button", { name: "Apply" }).click();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("button", { name: "Edit", exact: true })).toBeVisible();

  const temperature = page.getByRole("region", { name: "Temperature" });
  const hottest = page.getByRole("region", { name: "Hottest" });
  const disk = page.getByRole("region", { name: "Disk used" });
  await expect(temperature.locator(".series-line")).toHaveCount(2);
  await expect(hottest.getByTestId("stat-value")).toHaveText("45°C");
  await expect(disk.getByRole("img", { name: "pi-2: 91%" })).toBeVisible();

  // Narrow to one board, last 3 hours, refresh every 30 s: the URL carries it all.
  await page.getByLabel("board", { exact: true }).selectOption(["pi-2"]);
  await page.getByLabel("Range").selectOption("3h");
  await page.getByLabel("Refresh").selectOption("30s");
  await expect(page).toHaveURL(/\?range=3h&refresh=30s&var-board=pi-2$/);
  await expect(temperature.locator(".series-line")).toHaveCount(1);
  await expect(hottest.getByTestId("stat-value")).toHaveText("38°C");
  await expect(disk.getByRole("img", { name: "pi-2: 91%" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await page.screenshot({ path: "artifacts/dashboards-view.png", fullPage: true });

  // A reload of the link shows the same view.
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Lab fleet" })).toBeVisible();
  await expect(page.getByLabel("board", { exact: true })).toHaveValues(["pi-2"]);
  await expect(page.getByLabel("Range")).toHaveValue("3h");
  await expect(page.getByLabel("Refresh")).toHaveValue("30s");
  await expect(temperature.locator(".series-line")).toHaveCount(1);
  await expect(temperature.getByTestId("chart-legend")).toHaveText("pi-2");
  await expect(hottest.getByTestId("stat-value")).toHaveText("38°C");

  // Dragging across the time series zooms into that span (an absolute range in the URL).
  const plot = temperature.locator(".recharts-cartesian-grid");
  const box = (await plot.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.4);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.4, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/\?from=[^&]+&to=[^&]+&refresh=30s&var-board=pi-2$/);
  await expect(page.getByLabel("Range")).toHaveValue("absolute");

  // Versions: 1 created (empty), 2 saved with the panels. Restoring 1 saves it as version 3.
  await page.getByRole("button", { name: "Versions" }).click();
  const versions = page.getByRole("dialog", { name: "Versions" });
  await expect(versions.getByRole("row")).toHaveCount(3);
  await versions.getByRole("button", { name: "Restore version 1" }).click();
  await expect(versions.getByRole("row")).toHaveCount(4);
  await expect(versions.getByRole("row").nth(1)).toContainText("restored version 1");
  await page.screenshot({ path: "artifacts/dashboards-versions.png" });
  await versions.getByRole("button", { name: "Close" }).click();
  await expect(page.getByText("This dashboard has no panels yet.")).toBeVisible();
  await expect(temperature).toHaveCount(0);
});

test("a viewer sees dashboards but no edit controls, and the server refuses their edits", async ({ browser }) => {
  const ownerCtx = await browser.newContext();
  const owner = await ownerCtx.newPage();
  await owner.goto("/signup");
  await signUp(owner, uniqueEmail("dash-owner"), "Olive Owner");
  const slug = await createTenant(owner, `Viewers ${Date.now()}`);
  await openTenantPage(owner, "Dashboards");
  await owner.getByLabel("New dashboard title").fill("Shared");
  await owner.getByRole("button", { name: "Create" }).click();
  await expect(owner.getByRole("heading", { level: 1, name: "Shared" })).toBeVisible();
  const uid = new URL(owner.url()).pathname.split("/").pop()!;

  await openTenantPage(owner, "Members");
  const viewerEmail = uniqueEmail("dash-viewer");
  await owner.getByLabel("Email").fill(viewerEmail);
  await owner.getByLabel("Role", { exact: true }).selectOption("VIEWER");
  await owner.getByRole("button", { name: "Create invitation link" }).click();
  const link = (await owner.getByTestId("invitation-link").textContent())!;

  const viewerCtx = await browser.newContext();
  const viewer = await viewerCtx.newPage();
  await viewer.goto(link);
  await viewer.getByRole("link", { name: "create an account" }).click();
  await signUp(viewer, viewerEmail, "Vera Viewer");
  await viewer.getByRole("button", { name: "Accept invitation" }).click();
  await expect(viewer).toHaveURL(new RegExp(`/t/${slug}$`));

  await openTenantPage(viewer, "Dashboards");
  await expect(viewer.getByRole("link", { name: "Shared" })).toBeVisible();
  await expect(viewer.getByLabel("New dashboard title")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Delete / })).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Duplicate / })).toHaveCount(0);
  await viewer.getByRole("link", { name: "Shared" }).click();
  await expect(viewer.getByRole("heading", { level: 1, name: "Shared" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Export" })).toBeVisible();
  await expect(viewer.getByRole("button", { name: "Edit", exact: true })).toHaveCount(0);
  await viewer.getByRole("button", { name: "Versions" }).click();
  await expect(viewer.getByRole("dialog", { name: "Versions" }).getByRole("row")).toHaveCount(2);
  await expect(viewer.getByRole("button", { name: /^Restore version/ })).toHaveCount(0);
  await viewer.screenshot({ path: "artifacts/dashboards-viewer.png", fullPage: true });

  const origin = new URL(link).origin;
  const forged = await viewer.request.post("/api/trpc/dashboard.save", {
    headers: { "content-type": "application/json", origin },
    data: { json: { tenant: slug, uid, version: 1, dashboard: { format: "boardwatch.dashboard/v1", title: "Taken over" } } },
  });
  expect(forged.status()).toBe(403);
  expect(await forged.text()).toContain("editing dashboards requires the editor role; you are viewer");
  const deleted = await viewer.request.post("/api/trpc/dashboard.delete", { headers: { "content-type": "application/json", origin }, data: { json: { tenant: slug, uid } } });
  expect(deleted.status()).toBe(403);
  await owner.goto(`/t/${slug}/dashboards/${uid}`);
  await expect(owner.getByRole("heading", { level: 1, name: "Shared" })).toBeVisible();
  await ownerCtx.close();
  await viewerCtx.close();
});
