import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { createTenant, openTenantPage, signUp, uniqueEmail } from "../support/flows";
import { seedTenant } from "../support/seed";
import { createWriteToken, push } from "./helpers";

const nodes = readFileSync(new URL("../../packages/dashboards/testdata/node-mixin/dashboards/nodes.json", import.meta.url), "utf8");

test("import the node_exporter mixin's Grafana dashboard: its panels show the board's data and what was not mapped is listed", async ({ page }) => {
  await page.goto("/signup");
  await signUp(page, uniqueEmail("import"), "Ivan Importer");
  await createTenant(page, `Import ${Date.now()}`);
  // Two minutes of a board's node metrics as the agent exports them, under the scrape target labels.
  const target = { job: "node", instance: "10.0.0.7:9845", board: "pi-7" };
  await push(
    await createWriteToken(page),
    [
      { labels: { __name__: "node_uname_info", ...target, sysname: "Linux", nodename: "pi-7" }, value: () => 1 },
      ...["user", "system", "idle", "iowait"].map((mode, m) => ({ labels: { __name__: "node_cpu_seconds_total", ...target, cpu: "0", mode }, value: (i: number) => i * (m + 1) * 3 })),
      ...["node_load1", "node_load5", "node_load15"].map((name, n) => ({ labels: { __name__: name, ...target }, value: (i: number) => 0.5 + n / 10 + (i % 3) / 10 })),
      { labels: { __name__: "node_memory_MemTotal_bytes", ...target }, value: () => 4e9 },
      { labels: { __name__: "node_memory_MemAvailable_bytes", ...target }, value: () => 3e9 },
      { labels: { __name__: "node_memory_MemFree_bytes", ...target }, value: () => 2e9 },
      { labels: { __name__: "node_memory_Buffers_bytes", ...target }, value: () => 1e8 },
      { labels: { __name__: "node_memory_Cached_bytes", ...target }, value: () => 6e8 },
    ],
    41,
    15_000,
  );

  await openTenantPage(page, "Dashboards");
  await page.getByRole("button", { name: "Import…" }).click();
  await page.getByLabel("Dashboard JSON", { exact: true }).fill(nodes);
  await page.getByRole("button", { name: "Import", exact: true }).click();
  const done = page.getByRole("status");
  await expect(done).toContainText("Imported Node Exporter / Nodes (version 1)");
  const unmapped = page.getByRole("list", { name: "Not imported" });
  await expect(unmapped).toContainText("variable datasource (data source): dropped");
  await expect(unmapped).toContainText('panel "Disk Space Usage": transformations not imported');
  await page.screenshot({ path: "artifacts/dashboards-import-warnings.png", fullPage: true });

  await done.getByRole("link", { name: "Node Exporter / Nodes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Node Exporter / Nodes" })).toBeVisible();
  await expect(page.getByLabel("Instance")).toHaveValue("10.0.0.7:9845");
  await expect(page.getByRole("region", { name: "CPU Usage" }).locator(".series-area")).toHaveCount(1);
  await expect(page.getByRole("region", { name: "Load Average" }).locator(".series-line")).toHaveCount(4);
  await expect(page.getByRole("region", { name: "Memory Usage" }).first().locator(".series-area")).toHaveCount(4);
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  await page.screenshot({ path: "artifacts/dashboards-grafana-import.png", fullPage: true });
});

test("POST /api/dashboards/import: dashboards as code with a write token", async ({ request }) => {
  const tenant = await seedTenant("as-code");
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const grafana = JSON.parse(nodes) as Record<string, unknown>;

  const res = await request.post("/api/dashboards/import", { headers: auth(tenant.writeToken), data: { dashboard: grafana, overwrite: true, folderUid: "x" } });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { id: string; uid: string; url: string; version: number; warnings: string[] };
  expect(body).toMatchObject({ id: grafana.uid, uid: grafana.uid, version: 1, url: `${new URL(res.url()).origin}/t/${tenant.slug}/dashboards/${grafana.uid}` });
  expect(body.warnings).toContain("variable datasource (data source): dropped; every query reads this tenant's data");
  const again = await request.post("/api/dashboards/import", { headers: auth(tenant.writeToken), data: { dashboard: grafana, overwrite: true } });
  expect(((await again.json()) as { version: number }).version).toBe(2);
  const conflict = await request.post("/api/dashboards/import", { headers: auth(tenant.writeToken), data: grafana });
  expect(conflict.status()).toBe(409);

  const bad = await request.post("/api/dashboards/import", { headers: auth(tenant.writeToken), data: { title: "x", panels: [{ type: "stat", id: 1, gridPos: { x: 0, y: 0, w: 4, h: 4 }, targets: [{ refId: "A", expr: "x".repeat(30_000) }] }] } });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { message: string }).message).toMatch(/^dashboard\.panels\.0\.queries\.0\.expr: /);
  const notJson = await request.post("/api/dashboards/import", { headers: { ...auth(tenant.writeToken), "content-type": "application/json" }, data: Buffer.from("{nope") });
  expect(notJson.status()).toBe(400);
  expect(((await notJson.json()) as { message: string }).message).toMatch(/^body: not valid JSON/);
  expect((await request.post("/api/dashboards/import", { headers: auth(tenant.readToken), data: grafana })).status()).toBe(403);
  expect((await request.post("/api/dashboards/import", { headers: auth("bwt_wrong"), data: grafana })).status()).toBe(401);
  expect((await request.post("/api/dashboards/import", { data: grafana })).status()).toBe(401);
});
