import type { Db } from "../client";
import type { Prisma } from "../generated/prisma/client";

const listFields = { id: true, uid: true, slug: true, title: true, tags: true, version: true, updatedAt: true, updatedBy: true, createdAt: true } as const;

/** A tenant's dashboards, optionally those whose title or a tag contains `search` (case-insensitive). */
export function listDashboards(db: Db, tenantId: string, opts: { search?: string; tag?: string } = {}) {
  const search = opts.search?.trim();
  return db.dashboard.findMany({
    where: {
      tenantId,
      ...(opts.tag ? { tags: { has: opts.tag } } : {}),
      ...(search ? { OR: [{ title: { contains: search, mode: "insensitive" } }, { tags: { has: search.toLowerCase() } }, { tags: { has: search } }] } : {}),
    },
    select: listFields,
    orderBy: { title: "asc" },
  });
}

export function findDashboard(db: Db, tenantId: string, uid: string) {
  return db.dashboard.findUnique({ where: { tenantId_uid: { tenantId, uid } } });
}

export interface DashboardWrite {
  title: string;
  slug: string;
  tags: string[];
  model: Prisma.InputJsonValue;
  message: string;
  actorUserId: string | null;
  actor: string;
}

/** Creates a dashboard with its first version, in one transaction. */
export function createDashboard(db: Db, tenantId: string, uid: string, data: DashboardWrite) {
  return db.$transaction(async (tx) => {
    const dashboard = await tx.dashboard.create({
      data: {
        tenantId, uid, title: data.title, slug: data.slug, tags: data.tags, model: data.model, version: 1,
        createdById: data.actorUserId, createdBy: data.actor, updatedById: data.actorUserId, updatedBy: data.actor,
      },
    });
    await tx.dashboardVersion.create({
      data: { tenantId, dashboardId: dashboard.id, version: 1, model: data.model, message: data.message, createdById: data.actorUserId, createdBy: data.actor },
    });
    return dashboard;
  });
}

/**
 * Saves a new version of a dashboard. With `expectedVersion`, only if nobody saved in between (the
 * conditional update is the lock); returns null when the dashboard is gone or was saved meanwhile.
 */
export function saveDashboardVersion(db: Db, tenantId: string, uid: string, data: DashboardWrite & { expectedVersion?: number }) {
  return db.$transaction(async (tx) => {
    const current = await tx.dashboard.findUnique({ where: { tenantId_uid: { tenantId, uid } }, select: { id: true, version: true } });
    if (!current || (data.expectedVersion !== undefined && current.version !== data.expectedVersion)) return null;
    const next = current.version + 1;
    const updated = await tx.dashboard.updateMany({
      where: { id: current.id, tenantId, version: current.version },
      data: { title: data.title, slug: data.slug, tags: data.tags, model: data.model, version: next, updatedById: data.actorUserId, updatedBy: data.actor },
    });
    if (updated.count !== 1) return null;
    await tx.dashboardVersion.create({
      data: { tenantId, dashboardId: current.id, version: next, model: data.model, message: data.message, createdById: data.actorUserId, createdBy: data.actor },
    });
    return tx.dashboard.findUniqueOrThrow({ where: { id: current.id } });
  });
}

export function deleteDashboard(db: Db, tenantId: string, uid: string) {
  return db.dashboard.deleteMany({ where: { tenantId, uid } });
}

export function listDashboardVersions(db: Db, tenantId: string, dashboardId: string) {
  return db.dashboardVersion.findMany({
    where: { tenantId, dashboardId },
    select: { version: true, message: true, createdBy: true, createdAt: true },
    orderBy: { version: "desc" },
  });
}

export function findDashboardVersion(db: Db, tenantId: string, dashboardId: string, version: number) {
  return db.dashboardVersion.findFirst({ where: { tenantId, dashboardId, version } });
}
