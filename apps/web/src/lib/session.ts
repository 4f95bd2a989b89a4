import "server-only";
import { AppError, auth, env, resolveTenantAccess } from "@boardwatch/api";
import { getDb } from "@boardwatch/db";
import { headers } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";

// A page and its layouts all ask; React's per-request cache makes that one session and one membership lookup.
const currentSession = cache(async () => auth.api.getSession({ headers: await headers() }));

/** The signed-in user of this request, or a redirect to the login page. */
export async function requireUser(next: string) {
  const session = await currentSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(next)}`);
  return session.user;
}

/** The tenant of this page for the signed-in user; a 404 for tenants they are not a member of. */
export const requireTenant = cache(async (slug: string) => {
  const user = await requireUser(`/t/${slug}`);
  const db = getDb(env.DATABASE_URL);
  try {
    const scope = await resolveTenantAccess({ db, actor: { userId: user.id, label: user.email } }, slug);
    return { user, tenant: scope.tenant, role: scope.role };
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
});
