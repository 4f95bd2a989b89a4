import { dashboardSchema, DASHBOARD_FORMAT, type Dashboard } from "@boardwatch/dashboards";
import { describe, expect, it } from "vitest";
import { addPanel, applyLayout, nextPanelId, removePanel, toggleRow } from "./layout";

const stat = (id: number, y: number) => ({ id, type: "stat", title: `p${id}`, gridPos: { x: 0, y, w: 12, h: 4 } });
const d: Dashboard = dashboardSchema.parse({
  format: DASHBOARD_FORMAT, title: "t",
  panels: [
    { id: 1, type: "row", title: "A", gridPos: { x: 0, y: 0, w: 24, h: 1 } }, stat(2, 1), stat(3, 5),
    { id: 4, type: "row", title: "B", gridPos: { x: 0, y: 9, w: 24, h: 1 } }, stat(5, 10),
  ],
});
const summary = (x: Dashboard) => x.panels.map((p) => `${p.id}@${p.gridPos.y}${p.type === "row" ? `[${p.panels.map((c) => c.id).join(",")}]` : ""}`);

describe("dashboard layout", () => {
  it("collapses a row into itself and expands it back where it was", () => {
    const collapsed = toggleRow(d, 1);
    expect(summary(collapsed)).toEqual(["1@0[2,3]", "4@1[]", "5@2"]);
    expect(summary(toggleRow(collapsed, 1))).toEqual(summary(d));
  });

  it("applies grid positions, keeping rows full width", () => {
    const moved = applyLayout(d, [{ i: "5", x: 12, y: 1, w: 12, h: 4 }, { i: "4", x: 3, y: 9, w: 5, h: 3 }]);
    expect(moved.panels.find((p) => p.id === 5)!.gridPos).toEqual({ x: 12, y: 1, w: 12, h: 4 });
    expect(moved.panels.find((p) => p.id === 4)!.gridPos).toEqual({ x: 0, y: 9, w: 24, h: 1 });
  });

  it("adds at the bottom with a fresh id and removes by id, inside collapsed rows too", () => {
    expect(nextPanelId(toggleRow(d, 4))).toBe(6);
    const panel = dashboardSchema.parse({ format: DASHBOARD_FORMAT, title: "x", panels: [stat(6, 0)] }).panels[0]!;
    const added = addPanel(d, panel);
    expect(added.panels.at(-1)!.gridPos).toEqual({ x: 12, y: 10, w: 12, h: 4 });
    expect(addPanel(added, { ...panel, id: 7 }).panels.at(-1)!.gridPos).toEqual({ x: 0, y: 14, w: 12, h: 4 });
    expect(summary(removePanel(toggleRow(d, 1), 3))).toEqual(["1@0[2]", "4@1[]", "5@2"]);
  });
});
