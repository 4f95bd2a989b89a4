import { expect, test } from "@playwright/test";
import { seedTenant } from "../support/seed";

const GROUP = `name: temperature
interval: 30s
rules:
- alert: BoardOverheating
  expr: node_hwmon_temp_celsius > 80
  for: 2m
  labels:
    severity: critical
  annotations:
    summary: "{{ $labels.board }} is at {{ $value | humanize }}°C"
- record: board:node_hwmon_temp_celsius:max
  expr: max by (board) (node_hwmon_temp_celsius)
`;

test("rules as code: Mimir's ruler API stores groups that /api/v1/rules then lists as Prometheus does", async ({ request }) => {
  const tenant = await seedTenant("ruler");
  const write = { authorization: `Bearer ${tenant.writeToken}`, "content-type": "application/yaml" };
  const read = { authorization: `Bearer ${tenant.readToken}` };

  expect((await request.post("/prometheus/config/v1/rules/boards", { headers: write, data: GROUP })).status()).toBe(202);
  const listed = await request.get("/prometheus/config/v1/rules", { headers: read });
  expect(listed.status()).toBe(200);
  expect(listed.headers()["content-type"]).toContain("application/yaml");
  expect(await listed.text()).toContain("boards:\n  - name: temperature");
  const one = await request.get("/prometheus/config/v1/rules/boards/temperature", { headers: read });
  expect(await one.text()).toBe(GROUP);

  const rules = (await (await request.get("/api/v1/rules", { headers: read })).json()) as { status: string; data: { groups: Array<Record<string, unknown> & { rules: Array<Record<string, unknown>> }> } };
  expect(rules.status).toBe("success");
  expect(rules.data.groups).toHaveLength(1);
  expect(rules.data.groups[0]).toMatchObject({ name: "temperature", file: "boards", interval: 30, limit: 0 });
  expect(rules.data.groups[0]!.rules[0]).toMatchObject({
    state: "inactive", name: "BoardOverheating", query: "node_hwmon_temp_celsius > 80", duration: 120, keepFiringFor: 0,
    labels: { severity: "critical" }, alerts: [], health: "unknown", type: "alerting",
  });
  expect(rules.data.groups[0]!.rules[1]).toMatchObject({ name: "board:node_hwmon_temp_celsius:max", type: "recording" });
  const onlyRecording = (await (await request.get("/api/v1/rules?type=record", { headers: read })).json()) as { data: { groups: Array<{ rules: unknown[] }> } };
  expect(onlyRecording.data.groups[0]!.rules).toHaveLength(1);
  const alerts = (await (await request.get("/api/v1/alerts", { headers: read })).json()) as unknown;
  expect(alerts).toEqual({ status: "success", data: { alerts: [] } });

  // Validation names the rule and stores nothing.
  const bad = await request.post("/prometheus/config/v1/rules/boards", { headers: write, data: GROUP.replace("> 80", "> ") });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toMatch(/BoardOverheating/);
  expect(await (await request.get("/prometheus/config/v1/rules/boards/temperature", { headers: read })).text()).toBe(GROUP);
  expect((await request.post("/prometheus/config/v1/rules/boards", { headers: { ...write, authorization: `Bearer ${tenant.readToken}` }, data: GROUP })).status()).toBe(403);
  expect((await request.post("/prometheus/config/v1/rules/boards", { headers: { "content-type": "application/yaml" }, data: GROUP })).status()).toBe(401);

  expect((await request.delete("/prometheus/config/v1/rules/boards/temperature", { headers: write })).status()).toBe(202);
  expect((await request.get("/prometheus/config/v1/rules/boards", { headers: read })).status()).toBe(404);
  expect((await request.delete("/prometheus/config/v1/rules/boards/temperature", { headers: write })).status()).toBe(404);
});

test("delivery as code: Mimir's Alertmanager configuration API round-trips with the webhook redacted", async ({ request }) => {
  const tenant = await seedTenant("amcfg");
  const write = { authorization: `Bearer ${tenant.writeToken}`, "content-type": "application/yaml" };
  const read = { authorization: `Bearer ${tenant.readToken}` };
  const secretUrl = "https://hooks.slack.com/services/T0/B0/very-secret-token";
  const body = `alertmanager_config: |
  route:
    receiver: fleet
    group_by: [alertname, board]
    routes:
    - receiver: oncall
      matchers: ['severity="critical"']
  receivers:
  - name: fleet
    slack_configs:
    - api_url: ${secretUrl}
      channel: "#fleet"
      send_resolved: true
  - name: oncall
    slack_configs:
    - api_url: ${secretUrl}
      title: '{{ .CommonLabels.alertname }} on {{ .CommonLabels.board }}'
  inhibit_rules:
  - source_matchers: ['alertname="BoardDown"']
    target_matchers: ['severity="warning"']
    equal: [board]
`;
  expect((await request.post("/api/v1/alertmanager/config", { headers: write, data: body })).status()).toBe(201);
  const got = await request.get("/api/v1/alertmanager/config", { headers: read });
  expect(got.status()).toBe(200);
  const text = await got.text();
  expect(text).not.toContain("very-secret-token");
  expect(text).toContain("api_url: <secret>");
  expect(text).toContain("channel: \"#fleet\"");
  expect(text).toContain("equal:");

  const invalid = await request.post("/api/v1/alertmanager/config", { headers: write, data: body.replace("receiver: oncall", "receiver: nobody") });
  expect(invalid.status()).toBe(400);
  expect(await invalid.text()).toMatch(/nobody/);
  expect(await (await request.get("/api/v1/alertmanager/config", { headers: read })).text()).toBe(text);

  expect((await request.delete("/api/v1/alertmanager/config", { headers: write })).status()).toBe(200);
  expect(await (await request.get("/api/v1/alertmanager/config", { headers: read })).text()).not.toContain("fleet");
});
