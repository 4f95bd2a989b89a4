import Link from "next/link";

const sections = [
  ["", "Alert rules"],
  ["/delivery", "Contact points & policy"],
  ["/silences", "Silences"],
  ["/notifications", "Notification log"],
] as const;

/** The alerting area's sections, with the current one marked. */
export function AlertingNav({ tenant, current }: { tenant: string; current: (typeof sections)[number][0] }) {
  return (
    <nav aria-label="Alerting" className="subnav">
      {sections.map(([path, label]) => (
        <Link key={path} href={`/t/${tenant}/alerting${path}`} aria-current={path === current ? "page" : undefined}>
          {label}
        </Link>
      ))}
    </nav>
  );
}
