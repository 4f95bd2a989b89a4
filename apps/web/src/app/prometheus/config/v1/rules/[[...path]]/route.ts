import { AppError, deleteRuleGroup, rulesAsYaml, setRuleGroup } from "@boardwatch/api";
import { configEndpoint, yamlBody, yamlResponse } from "@/lib/yaml-endpoint";

export const dynamic = "force-dynamic";

type Params = { path?: string[] };

/** `[namespace[, group]]` from the path; Next has already percent-decoded each segment. */
function target({ path = [] }: Params): { namespace?: string; name?: string } {
  if (path.length > 2) throw new AppError("NOT_FOUND", "unknown path: use /prometheus/config/v1/rules[/<namespace>[/<group>]]");
  return { namespace: path[0], name: path[1] };
}

/** Mimir's ruler configuration API: list all rule groups, a namespace's, or one group, as YAML. */
export const GET = configEndpoint("READ", async (ctx, _req, params: Params) => {
  const filter = target(params);
  const yaml = await rulesAsYaml(ctx, filter);
  if (yaml === undefined) throw new AppError("NOT_FOUND", filter.name === undefined ? "no rule groups found" : "group does not exist");
  return yamlResponse(yaml);
});

/** Creates or replaces one rule group (the body) in a namespace. */
export const POST = configEndpoint("WRITE", async (ctx, req, params: Params) => {
  const { namespace, name } = target(params);
  if (namespace === undefined || name !== undefined) throw new AppError("BAD_REQUEST", "POST a rule group to /prometheus/config/v1/rules/<namespace>", "namespace");
  await setRuleGroup(ctx, { namespace, yaml: await yamlBody(req) });
  return new Response(null, { status: 202 });
});

/** Deletes a namespace or one group of it. */
export const DELETE = configEndpoint("WRITE", async (ctx, _req, params: Params) => {
  const { namespace, name } = target(params);
  if (namespace === undefined) throw new AppError("BAD_REQUEST", "DELETE needs a namespace", "namespace");
  await deleteRuleGroup(ctx, { namespace, name });
  return new Response(null, { status: 202 });
});
