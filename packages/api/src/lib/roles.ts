import type { Role } from "@boardwatch/db";
import { AppError } from "../errors";

const rank: Record<Role, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3, OWNER: 4 };

/** True when `role` carries at least the rights of `minimum`. */
export function hasRole(role: Role, minimum: Role): boolean {
  return rank[role] >= rank[minimum];
}

/** Throws FORBIDDEN unless `role` carries at least the rights of `minimum`. */
export function requireRole(role: Role, minimum: Role, action: string): void {
  if (!hasRole(role, minimum)) {
    throw new AppError("FORBIDDEN", `${action} requires the ${minimum.toLowerCase()} role; you are ${role.toLowerCase()}`);
  }
}
