import Link from "next/link";
import { TenantSwitcher } from "@/components/tenant-switcher";
import { SignOutButton } from "@/components/sign-out-button";
import { requireTenant } from "@/lib/session";

export const dynamic = "force-dynamic";

export default async function TenantLayout({ children, params }: { children: React.ReactNode; params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const { user, tenant, role } = await requireTenant(slug);
  const base = `/t/${tenant.slug}`;
  return (
    <>
      <header className="topbar">
        <Link href={base} className="brand">
          Boardwatch
        </Link>
        <TenantSwitcher current={tenant.slug} />
        <nav aria-label="Tenant">
          <Link href={base}>Overview</Link>
          <Link href={`${base}/boards`}>Boards</Link>
          <Link href={`${base}/dashboards`}>Dashboards</Link>
          <Link href={`${base}/explore`}>Explore</Link>
          <Link href={`${base}/alerting`}>Alerting</Link>
          <Link href={`${base}/members`}>Members</Link>
          <Link href={`${base}/tokens`}>API tokens</Link>
          <Link href={`${base}/audit`}>Audit log</Link>
          <Link href={`${base}/settings`}>Settings</Link>
        </nav>
        <span className="muted who" data-testid="current-user">
          {user.email} · <span className="badge">{role.toLowerCase()}</span>
        </span>
        <SignOutButton />
      </header>
      <main className="page">{children}</main>
    </>
  );
}
