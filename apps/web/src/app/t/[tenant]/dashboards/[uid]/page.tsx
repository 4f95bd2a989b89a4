import { Suspense } from "react";
import { DashboardView } from "@/components/dashboards/dashboard-view";
import { requireTenant } from "@/lib/session";

export default async function DashboardPage({ params }: { params: Promise<{ tenant: string; uid: string }> }) {
  const { tenant: slug, uid } = await params;
  await requireTenant(slug);
  // The view reads time range, refresh and variables from the URL on the client, which needs a Suspense boundary.
  return (
    <Suspense>
      <DashboardView tenant={slug} uid={uid} />
    </Suspense>
  );
}
