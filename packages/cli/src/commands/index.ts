import { enrolmentTokenCreate } from "./enrolment-token-create";
import { tenantCreate } from "./tenant-create";
import { tenantLimitsCommand } from "./tenant-limits";
import { tokenCreate } from "./token-create";
import type { Command } from "./command";

export { UsageError } from "./command";

export const commands: Record<string, Command> = {
  "tenant create": tenantCreate,
  "tenant limits": tenantLimitsCommand,
  "token create": tokenCreate,
  "enrolment-token create": enrolmentTokenCreate,
};
