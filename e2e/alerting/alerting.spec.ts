import { expect, test } from "@playwright/test";
import { pushTimeseries } from "prometheus-remote-write";
import { startFakeSlack } from "../../packages/alerting/test/fake-slack";
import { baseURL } from "../support/env";
import { createTenant, openTenantPage, signUp, uniqueEmail } from "../support/flows";
import { boardwatchCli } from "../support/seed";

const fetch = globalThis.fetch as never;

test("create a rule with its preview, a Slack contact point and policy, send a test message, silence the firing alert", async ({ page }) => {
  test.setTimeout(150_000);
  const slack = await startFakeSlack();
  try {
    await page.goto("/signup");
    await signUp(page, uniqueEmail("alerts"), "Ada Alert");
    const slug = await createTenant(page, `Alerts ${Date.now()}`);
    // Two boards report temperatures over remote_write; one is too hot.
    const writeToken = await boardwatchCli("token", "create", "--tenant", slug, "--name", "writer", "--scope", "write");
    const now = Date.now();
    await pushTimeseries(
      ["pi-kitchen", "pi-attic"].map((board, i) => ({
        labels: { __name__: "node_hwmon_temp_celsius", board, chip: "cpu_thermal", sensor: "temp1", job: "node" },
        samples: [30_000, 15_000, 0].map((ago) => ({ value: i === 0 ? 91 : 47, timestamp: now - ago })),
      })),
      { url: `${baseURL}/api/v1/write`, fetch, headers: { authorization: `Bearer ${writeToken}` } },
    );

    await openTenantPage(page, "Alerting");
    await page.getByRole("link", { name: "New alert rule" }).click();
    await expect(page.getByRole("heading", { name: "New alert rule" })).toBeVisible();
    await page.getByLabel("Group").fill("temperature");
    await page.getByLabel("Evaluate every").fill("5s");
    await page.getByLabel("Alert name").fill("BoardOverheating");
    const editor = page.locator(".cm-content");
    await editor.click();
    await editor.pressSequentially("node_hwmon_temp_celsius > 80");
    await editor.press("Enter");
    const preview = page.getByTestId("rule-preview");
    await expect(preview.getByRole("heading")).toHaveText("Would fire now: 1");
    await expect(preview).toContainText('board="pi-kitchen"');
    await expect(page.getByTestId("chart-Expression over the last hour").getByRole("application")).toBeVisible();
    await page.getByLabel("For", { exact: true }).fill("0s");
    await page.getByLabel("Severity").selectOption("critical");
    await page.getByLabel("Summary").fill("{{ $labels.board }} is at {{ $value }}°C");
    await page.screenshot({ path: "artifacts/alerting-rule-editor.png", fullPage: true });
    await page.getByRole("button", { name: "Save rule" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Alerting" })).toBeVisible();
    await expect(page.getByTestId("rule-BoardOverheating")).toBeVisible();

    await page.getByRole("navigation", { name: "Alerting" }).getByRole("link", { name: "Contact points & policy" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Contact points & policy" })).toBeVisible();
    await page.getByLabel("Name", { exact: true }).fill("fleet-slack");
    await page.getByLabel("Slack webhook URL").fill(slack.url);
    await page.getByLabel("Channel").fill("#fleet");
    await page.getByRole("button", { name: "Save contact point" }).click();
    const contact = page.getByTestId("contact-point-fleet-slack");
    await expect(contact).toContainText("#fleet via 127.0.0.1");
    // The webhook URL never comes back to the browser.
    await expect(page.getByTestId("alertmanager-yaml")).not.toContainText("/services/");
    expect(await page.content()).not.toContain(slack.url);
    await contact.getByRole("button", { name: "Send test message" }).click();
    await expect(page.getByRole("status")).toHaveText("Test message sent.");
    expect(slack.requests).toHaveLength(1);
    expect(slack.requests[0]!.body.text).toContain("TestAlert");

    await page.getByLabel("Default contact point").selectOption("fleet-slack");
    await page.getByLabel("Group by").fill("alertname");
    await page.getByLabel("Group wait").fill("1s");
    await page.getByLabel("Group interval").fill("5s");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByText("Policy saved.")).toBeVisible();
    await page.screenshot({ path: "artifacts/alerting-contact-points.png", fullPage: true });

    // The worker evaluates the rule and Slack hears about the hot board.
    await expect.poll(() => slack.requests.length, { timeout: 60_000 }).toBe(2);
    expect(slack.requests[1]!.body.text).toBe("[FIRING:1] BoardOverheating (pi-kitchen cpu_thermal node temp1 critical)");

    await page.getByRole("navigation", { name: "Alerting" }).getByRole("link", { name: "Alert rules" }).click();
    const firing = page.getByTestId("alert-BoardOverheating");
    await expect(firing).toContainText("firing");
    await expect(firing).toContainText('board="pi-kitchen"');
    await page.screenshot({ path: "artifacts/alerting-firing.png", fullPage: true });
    await firing.getByRole("link", { name: "Silence" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Silences" })).toBeVisible();
    await expect(page.getByLabel("Matchers")).toHaveValue(/alertname="BoardOverheating".*board="pi-kitchen"/);
    await page.getByLabel("Comment").fill("Replacing the fan");
    await page.getByRole("button", { name: "Create silence" }).click();
    const silence = page.getByTestId("silence");
    await expect(silence).toContainText("active");
    await expect(silence).toContainText("Replacing the fan");
    await page.screenshot({ path: "artifacts/alerting-silence.png", fullPage: true });
    await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
  } finally {
    await slack.close();
  }
});
