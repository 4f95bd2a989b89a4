import { setTenantLimits, tenantLimits } from "@boardwatch/api";
import { cliActor, db, UsageError, type Command } from "./command";

/** `limit=value,…` pairs; `default` returns a limit to Mimir's default. */
function parseChanges(text: string): Record<string, number | null> {
  return Object.fromEntries(
    text.split(",").map((pair) => {
      const [name, value] = pair.split("=").map((s) => s.trim());
      if (!name || value === undefined || value === "") throw new UsageError(`--set: expected limit=value, got "${pair}"`);
      if (value === "default") return [name, null];
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UsageError(`--set: ${name} must be a number or "default"`);
      return [name, n];
    }),
  );
}

/** Shows a tenant's ingestion limits, or changes them with `--set`; prints the limits in force as JSON. */
export const tenantLimitsCommand: Command = async (args, options) => {
  if (args.length !== 1) throw new UsageError("usage: tenant limits <slug> [--set ingestionRate=50000,maxActiveSeries=default,…]");
  const slug = args[0]!;
  const limits = typeof options.set === "string" ? await setTenantLimits({ db: db(), actor: cliActor }, slug, parseChanges(options.set)) : await tenantLimits({ db: db() }, slug);
  return JSON.stringify(limits, null, 2);
};
