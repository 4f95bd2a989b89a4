import { once } from "node:events";
import { mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { baseURL } from "../support/env";
import { createTenant, openTenantPage, signUp, uniqueEmail } from "../support/flows";
import { freePort, startProcess } from "../support/processes";

const bundle = fileURLToPath(new URL("../../packages/agent/dist/boardwatch-agent.mjs", import.meta.url));
// A Raspberry Pi 4's /proc and /sys, so the board has temperatures even on a CI machine that has none.
const piRoot = fileURLToPath(new URL("../../packages/agent/testdata/rpi4", import.meta.url));

test("add a board, run the agent with the install command's token, watch it come online with live charts", async ({ page }) => {
  test.setTimeout(150_000);
  await page.goto("/signup");
  await signUp(page, uniqueEmail("fleet"), "Fran Fleet");
  const slug = await createTenant(page, `Fleet ${Date.now()}`);

  await openTenantPage(page, "Boards");
  await expect(page.getByText("No boards yet")).toBeVisible();
  await page.getByRole("button", { name: "Add board" }).click();
  await page.getByLabel("Token name").fill("lab");
  await page.getByRole("button", { name: "Create enrolment token" }).click();
  const command = (await page.getByTestId("install-command").textContent())!;
  expect(command).toMatch(new RegExp(`^curl -fsSL ${baseURL}/api/agent/install\\.sh \\| sudo sh -s -- --token bwe_\\S+$`));
  const token = command.split("--token ")[1]!;
  await page.screenshot({ path: "artifacts/boards-install-command.png", fullPage: true });

  // The installer the command fetches is a valid shell script that fetches this very bundle.
  const installer = await page.request.get("/api/agent/install.sh");
  expect(await installer.text()).toContain("/api/agent/download");
  expect((await page.request.get("/api/agent/download")).status()).toBe(200);

  // A local application exporter the agent relays under its own job.
  const app = createServer((_req, res) => res.end("# TYPE app_requests_total counter\napp_requests_total 42\n"));
  app.listen(0, "127.0.0.1");
  await once(app, "listening");
  const appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/metrics`;

  const state = path.join(mkdtempSync(path.join(tmpdir(), "bw-agent-")), "state.json");
  const port = await freePort();
  const enroll = startProcess(process.execPath, [bundle, "enroll", "--server", baseURL, "--token", token, "--state", state,
    "--listen", `127.0.0.1:${port}`, "--scrape-url", `http://127.0.0.1:${port}/metrics`, "--labels", "site=lab", "--relay", `app=${appUrl}`]);
  const [code] = (await once(enroll.child, "exit")) as [number | null];
  expect(code, enroll.output()).toBe(0);
  expect(enroll.output()).not.toContain("bwb_");
  const agent = startProcess(process.execPath, [bundle, "run", "--state", state, "--path.rootfs", piRoot]);
  try {
    const row = page.getByTestId(`board-${hostname()}`);
    await expect(row).toBeVisible({ timeout: 15_000 });
    // Two scrape intervals (15 s) plus the scheduler's reconciliation.
    await expect(row.getByTestId("board-status")).toHaveText("online", { timeout: 45_000 });
    await expect(row).toContainText("site=lab");
    await page.screenshot({ path: "artifacts/boards-online.png", fullPage: true });

    await row.getByRole("link").first().click();
    await expect(page.getByTestId("chart-CPU").locator(".series-line")).not.toHaveCount(0, { timeout: 45_000 });
    await expect(page.getByTestId("chart-Temperature").locator(".series-line")).not.toHaveCount(0, { timeout: 45_000 });
    await page.screenshot({ path: "artifacts/boards-detail.png", fullPage: true });

    // The relayed exporter is scraped too, under its own job and the board's labels.
    await expect
      .poll(async () => {
        const res = await page.request.get(`/api/v1/query?query=app_requests_total`, { headers: { "x-boardwatch-tenant": slug } });
        return ((await res.json()) as { data?: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } }).data?.result;
      }, { timeout: 45_000 })
      .toEqual([{ metric: expect.objectContaining({ __name__: "app_requests_total", job: "app", board: hostname(), site: "lab" }), value: [expect.any(Number), "42"] }]);
  } finally {
    await agent.stop();
    app.close();
  }
});
