export { getDb, ping, type Db } from "./client";
export { Role, TokenScope } from "./generated/prisma/enums";
export type { Prisma } from "./generated/prisma/client";
export * as tenants from "./repositories/tenants";
export * as memberships from "./repositories/memberships";
export * as invitations from "./repositories/invitations";
export * as apiTokens from "./repositories/api-tokens";
export * as auditEvents from "./repositories/audit-events";
export * as users from "./repositories/users";
