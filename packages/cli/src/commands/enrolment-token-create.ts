import { createEnrolmentToken, publicUrl, schemas } from "@boardwatch/api";
import { z } from "zod";
import { openTenant, requireOption, type Command } from "./command";

const DURATION = /^(\d+)(h|d)$/;

const enrolmentOptions = z.object({
  labels: schemas.boardLabels,
  expires: z
    .string()
    .regex(DURATION, "must be hours or days, such as 24h or 7d")
    .transform((v) => {
      const [, n, unit] = DURATION.exec(v)!;
      return Number(n) * (unit === "d" ? 24 : 1);
    })
    .optional(),
  "max-uses": z.coerce.number().int().min(1, "must be at least 1").optional(),
  name: schemas.tokenName,
});

/** `k=v,k2=v2` as a record; a pair without `=` is kept with an empty value so validation names it. */
function parseLabels(text: string | undefined): Record<string, string> {
  if (!text) return {};
  return Object.fromEntries(text.split(",").map((pair) => {
    const i = pair.indexOf("=");
    return i < 0 ? [pair.trim(), ""] : [pair.slice(0, i).trim(), pair.slice(i + 1).trim()];
  }));
}

export const enrolmentTokenCreate: Command = async (_args, options) => {
  const input = enrolmentOptions.parse({
    labels: parseLabels(typeof options.labels === "string" ? options.labels : undefined),
    expires: options.expires,
    "max-uses": options["max-uses"],
    name: typeof options.name === "string" ? options.name : "cli",
  });
  const tenant = await openTenant(requireOption(options, "tenant"));
  const created = await createEnrolmentToken(tenant, { name: input.name, labels: input.labels, expiresInHours: input.expires ?? null, maxUses: input["max-uses"] ?? null }, publicUrl);
  return created.token;
};
