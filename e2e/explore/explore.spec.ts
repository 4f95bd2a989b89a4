import { expect, test } from "@playwright/test";
import { pushTimeseries } from "prometheus-remote-write";
import { baseURL } from "../support/env";
import { createTenant, createWriteToken, hydrated, openTenantPage, signUp, uniqueEmail } from "../support/flows";

// The client falls back to node-fetch, which it does not depend on; Node's own fetch does the job.
const fetch = globalThis.fetch as never;

/** Ten minutes of a temperature per board, every 15 s, ending now; the last values are 45 and 38. */
async function pushTemperatures(token: string) {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const samples = (last: number) => Array.from({ length: 41 }, (_, i) => ({ timestamp: now - (40 - i) * 15_000, value: last - (40 - i) % 5 }));
  const res = await pushTimeseries(
    [
      { labels: { __name__: "explore_temp_celsius", board: "pi-1" }, samples: samples(45) },
      { labels: { __name__: "explore_temp_celsius", board: "pi-2" }, samples: samples(38) },
    ],
    { url: `${baseURL}/api/v1/write`, fetch, headers: { authorization: `Bearer ${token}` } },
  );
  expect(res.status).toBe(204);
}

test("explore: autocomplete a metric, graph and table it, locate a parse error, reload the same view", async ({ page }) => {
  await page.goto("/signup");
  await signUp(page, uniqueEmail("explore"), "Erin Explorer");
  const slug = await createTenant(page, `Explore ${Date.now()}`);
  await pushTemperatures(await createWriteToken(page, "explore-writer"));

  await openTenantPage(page, "Explore");
  const editor = page.getByRole("textbox", { name: "PromQL query" });
  await editor.click();
  await page.keyboard.type("explore_te");
  const option = page.getByRole("option", { name: /explore_temp_celsius/ });
  await expect(option).toBeVisible();
  await page.screenshot({ path: "artifacts/explore-autocomplete.png" });
  await option.click();
  await expect(editor).toHaveText("explore_temp_celsius");
  await page.keyboard.press("Enter");

  // Graph: one line per board, legend by label set, stats, and the URL carries the view.
  await expect(page).toHaveURL(/\?q=explore_temp_celsius&range=1h&step=auto&tab=graph&unit=none$/);
  await expect(page.locator(".series-line")).toHaveCount(2);
  await expect(page.getByTestId("chart-legend")).toContainText('explore_temp_celsius{board="pi-1"}');
  await expect(page.getByTestId("chart-legend")).toContainText('explore_temp_celsius{board="pi-2"}');
  await expect(page.getByTestId("query-stats")).toContainText("2 series");
  await page.getByLabel("Unit").selectOption("celsius");
  await expect(page.getByText("40°C", { exact: true })).toBeVisible();
  await page.screenshot({ path: "artifacts/explore-graph.png", fullPage: true });

  // Table: the latest value of each series.
  await page.getByRole("tab", { name: "Table" }).click();
  const table = page.getByTestId("result-table");
  await expect(table.getByRole("row", { name: /board="pi-1"/ })).toContainText("45");
  await expect(table.getByRole("row", { name: /board="pi-2"/ })).toContainText("38");
  await expect(page.getByTestId("query-stats")).toContainText("2 series · 2 samples");
  await page.screenshot({ path: "artifacts/explore-table.png", fullPage: true });

  // Reloading the URL reproduces the view.
  await expect(page).toHaveURL(/tab=table&unit=celsius$/);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { level: 1, name: "Explore" })).toBeVisible();
  await expect(editor).toHaveText("explore_temp_celsius");
  await expect(page.getByRole("tab", { name: "Table" })).toHaveAttribute("aria-selected", "true");
  await expect(table.getByRole("row", { name: /board="pi-2"/ })).toContainText("38");
  await page.getByRole("tab", { name: "Graph" }).click();
  await expect(page.locator(".series-line")).toHaveCount(2);
  await expect(page.getByLabel("Unit")).toHaveValue("celsius");

  // A fixed step and an absolute range change the query and the URL.
  await page.getByLabel("Step").fill("1m");
  await expect(page.getByTestId("query-stats")).toContainText("step 60s");
  await expect(page).toHaveURL(/&step=1m&/);
  await page.getByLabel("Range").selectOption("absolute");
  await expect(page.getByLabel("From")).toBeVisible();
  await expect(page).toHaveURL(/&from=[^&]+&to=[^&]+&step=1m&/);
  await expect(page.locator(".series-line")).toHaveCount(2);

  // A parse error is shown with its position, in the message and in the editor.
  await editor.click();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("explore_temp_celsius");
  await page.keyboard.press("Shift+Enter");
  await page.keyboard.type("* * 2");
  await page.keyboard.press("Enter");
  const error = page.getByRole("main").getByRole("alert");
  await expect(error).toContainText("Line 2, column 3: parse error");
  await expect(page.getByTestId("error-caret")).toHaveText("* * 2\n  ^");
  await expect(page.getByTestId("editor-error-mark")).toHaveText("*");
  await page.screenshot({ path: "artifacts/explore-error.png", fullPage: true });

  // Both queries are in this user's history for this tenant; picking one runs it again.
  await page.getByText(/^History \(2\)/).click();
  await page.getByRole("list", { name: "Query history" }).getByRole("button", { name: "explore_temp_celsius", exact: true }).click();
  await expect(editor).toHaveText("explore_temp_celsius");
  await expect(page.locator(".series-line")).toHaveCount(2);
  await expect(page).toHaveURL(new RegExp(`/t/${slug}/explore\\?q=explore_temp_celsius&`));

  // Label names and values complete from the tenant's data too.
  await editor.click();
  await page.keyboard.press("End");
  await page.keyboard.type("{bo");
  await page.getByRole("option", { name: "board" }).click();
  await page.keyboard.type('="pi');
  await page.getByRole("option", { name: "pi-2" }).click();
  await expect(editor).toHaveText('explore_temp_celsius{board="pi-2"}');
  await page.getByRole("button", { name: "Run", exact: true }).click();
  await expect(page).toHaveURL(/\?q=explore_temp_celsius%7Bboard%3D%22pi-2%22%7D&/);
  await expect(page.locator(".series-line")).toHaveCount(1);
  await expect(page.getByTestId("query-stats")).toContainText("1 series");
});
