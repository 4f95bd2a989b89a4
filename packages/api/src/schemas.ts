import { z } from "zod";

// Input shapes shared by tRPC procedures and the admin CLI, so both reject the same input the same way.

export const tenantSlug = z
  .string()
  .trim()
  .min(3, "must be at least 3 characters")
  .max(40, "must be at most 40 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, "must be lowercase letters, digits and dashes, not starting or ending with a dash");

export const tenantName = z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters");

export const roleInput = z.enum(["OWNER", "ADMIN", "EDITOR", "VIEWER"]);

export const emailInput = z.string().trim().toLowerCase().email("must be an email address").max(254);

export const tokenName = z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters");

export const tokenScopes = z
  .array(z.enum(["READ", "WRITE"]))
  .min(1, "must name at least one scope (read, write)")
  .transform((s) => [...new Set(s)]);

export const idInput = z.string().min(1, "must not be empty").max(64);

export const password = z.string().min(10, "must be at least 10 characters").max(128, "must be at most 128 characters");

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Board labels: Prometheus label names (not reserved `__` ones, not the target labels Boardwatch sets), short values. */
export const boardLabels = z
  .record(z.string(), z.string().max(200, "label values must be at most 200 characters"))
  .refine((l) => Object.keys(l).length <= 20, "at most 20 labels")
  .refine((l) => Object.keys(l).every((k) => LABEL_NAME.test(k) && !k.startsWith("__")), "label names must match [a-zA-Z_][a-zA-Z0-9_]* and not start with __")
  .refine((l) => Object.keys(l).every((k) => !["job", "instance", "board"].includes(k)), "job, instance and board are set by Boardwatch");

export const boardName = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
export const scrapeInterval = z.number().int().min(1, "must be at least 1 second").max(3600, "must be at most 3600 seconds");
export const scrapeUrl = z
  .string()
  .url("must be an http(s) URL")
  .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL")
  .max(2000);
