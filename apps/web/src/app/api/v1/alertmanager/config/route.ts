import { getAlertmanagerConfigYaml, resetAlertmanagerConfig, setAlertmanagerConfigYaml } from "@boardwatch/api";
import { configEndpoint, yamlBody, yamlResponse } from "@/lib/yaml-endpoint";

export const dynamic = "force-dynamic";

/** Mimir's Alertmanager configuration API: the tenant's routes, receivers and inhibition rules as YAML. */
export const GET = configEndpoint("READ", async (ctx) => yamlResponse(await getAlertmanagerConfigYaml(ctx)));

export const POST = configEndpoint("WRITE", async (ctx, req) => {
  await setAlertmanagerConfigYaml(ctx, await yamlBody(req));
  return new Response(null, { status: 201 });
});

export const DELETE = configEndpoint("WRITE", async (ctx) => {
  await resetAlertmanagerConfig(ctx);
  return new Response(null, { status: 200 });
});
