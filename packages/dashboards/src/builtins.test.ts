import { describe, expect, it } from "vitest";
import { allDataPanels, PANEL_TYPES } from "./schema";
import { boardDashboardPath, BUILTIN_UIDS, builtinDashboard, builtinDashboards } from "./builtins";
import { referencedVariables } from "./interpolate";

describe("built-in dashboards", () => {
  it("are valid dashboards whose queries only use their own variables", () => {
    for (const { dashboard } of builtinDashboards()) {
      const names = dashboard.variables.map((v) => v.name);
      for (const p of allDataPanels(dashboard)) {
        expect(p.queries.length).toBeGreaterThan(0);
        for (const q of p.queries) for (const v of referencedVariables(q.expr)) expect(names).toContain(v);
      }
    }
  });

  it("cover the board's health, CPU, memory, storage, network and temperatures, with every panel type", () => {
    const board = builtinDashboard(BUILTIN_UIDS.board)!;
    const exprs = allDataPanels(board).flatMap((p) => p.queries.map((q) => q.expr)).join("\n");
    for (const metric of ["up{", "scrape_duration_seconds", "node_cpu_seconds_total", "node_load1", "node_memory_MemAvailable_bytes", "node_filesystem_readonly",
      "node_filesystem_avail_bytes", "node_disk_read_bytes_total", "node_network_receive_bytes_total", "node_hwmon_temp_celsius", "node_thermal_zone_temp", "node_boot_time_seconds"]) {
      expect(exprs).toContain(metric);
    }
    expect(new Set(allDataPanels(board).map((p) => p.type))).toEqual(new Set(PANEL_TYPES));
  });

  it("link a board by its name", () => {
    expect(boardDashboardPath("acme", "pi 1")).toBe("/t/acme/dashboards/bw-board-overview?var-board=pi+1");
  });
});
