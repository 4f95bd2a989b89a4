import { GRID_COLUMNS, type Dashboard, type DataPanel, type Panel, type RowPanel } from "@boardwatch/dashboards";

/** What react-grid-layout reports for an item. */
export interface GridItem {
  i: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

const byPosition = (a: Panel, b: Panel) => a.gridPos.y - b.gridPos.y || a.gridPos.x - b.gridPos.x;

/** The panels shown on the grid: top-level ones (collapsed rows hide theirs), in layout order. */
export function visiblePanels(d: Pick<Dashboard, "panels">): Panel[] {
  return [...d.panels].sort(byPosition);
}

/** Applies positions from the grid to the dashboard's top-level panels; rows stay full width. */
export function applyLayout<D extends Pick<Dashboard, "panels">>(d: D, items: readonly GridItem[]): D {
  const pos = new Map(items.map((i) => [i.i, i]));
  const panels = d.panels.map((p) => {
    const g = pos.get(String(p.id));
    if (!g) return p;
    return { ...p, gridPos: p.type === "row" ? { x: 0, y: g.y, w: GRID_COLUMNS, h: 1 } : { x: g.x, y: g.y, w: g.w, h: g.h } } as Panel;
  });
  return { ...d, panels: panels.sort(byPosition) };
}

/** The next free panel id. */
export function nextPanelId(d: Pick<Dashboard, "panels">): number {
  let max = 0;
  for (const p of d.panels) {
    max = Math.max(max, p.id);
    if (p.type === "row") for (const c of p.panels) max = Math.max(max, c.id);
  }
  return max + 1;
}

function bottom(panels: Panel[]): number {
  return panels.reduce((m, p) => Math.max(m, p.gridPos.y + p.gridPos.h), 0);
}

/** Adds a panel beside the last one when it fits there, else (and rows always) at the bottom. */
export function addPanel<D extends Pick<Dashboard, "panels">>(d: D, panel: Panel): D {
  const last = [...d.panels].sort(byPosition).at(-1);
  const right = last && last.type !== "row" ? last.gridPos.x + last.gridPos.w : GRID_COLUMNS;
  const beside = panel.type !== "row" && last && right + panel.gridPos.w <= GRID_COLUMNS && last.gridPos.y + last.gridPos.h === bottom(d.panels);
  const gridPos = beside ? { ...panel.gridPos, x: right, y: last.gridPos.y } : { ...panel.gridPos, x: 0, y: bottom(d.panels) };
  return { ...d, panels: [...d.panels, { ...panel, gridPos } as Panel] };
}

/** Replaces a panel by id, wherever it is (inside collapsed rows too). */
export function replacePanel<D extends Pick<Dashboard, "panels">>(d: D, panel: DataPanel): D {
  return {
    ...d,
    panels: d.panels.map((p) => (p.id === panel.id ? panel : p.type === "row" ? { ...p, panels: p.panels.map((c) => (c.id === panel.id ? panel : c)) } : p)),
  };
}

export function removePanel<D extends Pick<Dashboard, "panels">>(d: D, id: number): D {
  return { ...d, panels: d.panels.filter((p) => p.id !== id).map((p) => (p.type === "row" ? { ...p, panels: p.panels.filter((c) => c.id !== id) } : p)) };
}

/**
 * Collapses or expands a row, Grafana's way: collapsing takes the panels below it (up to the next row) into
 * the row; expanding puts them back below it and pushes everything further down by their height.
 */
export function toggleRow<D extends Pick<Dashboard, "panels">>(d: D, rowId: number): D {
  const sorted = [...d.panels].sort(byPosition);
  const index = sorted.findIndex((p) => p.id === rowId);
  const row = sorted[index] as RowPanel | undefined;
  if (!row || row.type !== "row") return d;
  if (row.collapsed) {
    const children = row.panels;
    const top = row.gridPos.y + 1;
    const childTop = children.length ? Math.min(...children.map((c) => c.gridPos.y)) : top;
    const height = children.length ? Math.max(...children.map((c) => c.gridPos.y + c.gridPos.h)) - childTop : 0;
    const moved = sorted.map((p) => (p.gridPos.y > row.gridPos.y ? ({ ...p, gridPos: { ...p.gridPos, y: p.gridPos.y + height } } as Panel) : p));
    const placed = children.map((c) => ({ ...c, gridPos: { ...c.gridPos, y: c.gridPos.y - childTop + top } }));
    return { ...d, panels: [...moved.map((p) => (p.id === rowId ? { ...row, collapsed: false, panels: [] } : p)), ...placed].sort(byPosition) };
  }
  const next = sorted.findIndex((p, i) => i > index && p.type === "row");
  const taken = sorted.slice(index + 1, next < 0 ? undefined : next) as DataPanel[];
  const rest = sorted.filter((p) => !taken.includes(p as DataPanel));
  const height = taken.length ? bottom(taken) - Math.min(...taken.map((p) => p.gridPos.y)) : 0;
  const shifted = rest.map((p) => (p.gridPos.y > row.gridPos.y ? ({ ...p, gridPos: { ...p.gridPos, y: Math.max(row.gridPos.y + 1, p.gridPos.y - height) } } as Panel) : p));
  return { ...d, panels: shifted.map((p) => (p.id === rowId ? { ...row, collapsed: true, panels: taken } : p)).sort(byPosition) };
}
