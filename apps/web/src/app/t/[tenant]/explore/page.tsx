import { Suspense } from "react";
import { ExploreView } from "@/components/explore/explore-view";
import { requireTenant } from "@/lib/session";

export default async function ExplorePage({ params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { user } = await requireTenant(slug);
  // The view reads its state from the URL on the client (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ExploreView tenant={slug} userId={user.id} />
    </Suspense>
  );
}
