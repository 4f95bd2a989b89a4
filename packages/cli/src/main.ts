import { parseArgs } from "node:util";
import { AppError } from "@boardwatch/api";
import { ZodError } from "zod";
import { commands, UsageError } from "./commands";

const usage = `usage: npx boardwatch <command> [options]

commands:
  tenant create <slug> [--name NAME] [--owner-email E --owner-password P]
      create a tenant, optionally with a first owner (created if the account does not exist)
  tenant limits <slug> [--set ingestionRate=50000,maxActiveSeries=default,…]
      show a tenant's ingestion limits, or override them (default returns one to Mimir's default); prints JSON
  token create --tenant <slug> --name N --scope read,write [--expires-days D]
      create a tenant API token; prints only the token on stdout
  enrolment-token create --tenant <slug> [--labels k=v,...] [--expires 24h|7d] [--max-uses N] [--name N]
      create a board enrolment token; prints only the token on stdout

environment: DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/boardwatch)`;

async function main(argv: string[]) {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: "string" },
      tenant: { type: "string" },
      scope: { type: "string" },
      "owner-email": { type: "string" },
      "owner-password": { type: "string" },
      "expires-days": { type: "string" },
      labels: { type: "string" },
      expires: { type: "string" },
      "max-uses": { type: "string" },
      set: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const key = positionals.slice(0, 2).join(" ");
  const command = commands[key];
  if (values.help || !command) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const output = await command(positionals.slice(2), values);
  process.stdout.write(`${output}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.length ? `--${String(i.path[0])}` : "input"}: ${i.message}`).join("; ")
        : error instanceof AppError || error instanceof UsageError
          ? error.message
          : String((error as Error).stack ?? error);
    console.error(`boardwatch: ${message}`);
    process.exit(error instanceof UsageError || error instanceof ZodError || error instanceof AppError ? 2 : 1);
  },
);

