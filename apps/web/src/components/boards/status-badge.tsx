const colours: Record<string, string> = { online: "var(--ok)", failing: "var(--danger)", stale: "var(--warn)", offline: "var(--danger)", never_seen: "var(--muted)" };

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className="badge" data-testid="board-status" style={{ color: colours[status], borderColor: colours[status] }}>
      {status.replace("_", " ")}
    </span>
  );
}
