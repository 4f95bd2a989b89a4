import { describe, expect, it } from "vitest";
import { SeriesLabeler, labelsFromKey } from "./series-labels";

const target = { job: "node", instance: "pi:9100", board: "b1" };

describe("SeriesLabeler", () => {
  it("adds target labels and sorts the key", () => {
    const series = new SeriesLabeler(target, false).label("temp", [["sensor", "cpu"]]);
    expect(series.labels).toEqual({ __name__: "temp", board: "b1", instance: "pi:9100", job: "node", sensor: "cpu" });
    expect(Object.keys(series.labels)).toEqual(["__name__", "board", "instance", "job", "sensor"]);
    expect(series.labelCount).toBe(5);
  });

  it("keeps clashing scraped labels as exported_<name> without honor_labels", () => {
    const series = new SeriesLabeler(target, false).label("up", [["job", "pushed"], ["instance", "other"]]);
    expect(series.labels).toEqual({
      __name__: "up",
      board: "b1",
      instance: "pi:9100",
      job: "node",
      exported_instance: "other",
      exported_job: "pushed",
    });
  });

  it("adds more exported_ prefixes while a name is taken, shortest conflicts first", () => {
    const series = new SeriesLabeler(target, false).label("m", [["job", "a"], ["exported_job", "b"], ["board", "c"]]);
    expect(series.labels).toMatchObject({ job: "node", exported_job: "b", exported_exported_job: "a", board: "b1", exported_board: "c" });
  });

  it("treats an empty exported_ label as free, as Prometheus 2.42 does", () => {
    const series = new SeriesLabeler(target, false).label("m", [["job", "a"], ["exported_job", ""]]);
    expect(series.labels).toEqual({ __name__: "m", board: "b1", instance: "pi:9100", job: "node", exported_job: "a" });
  });

  it("lets scraped labels win with honor_labels", () => {
    const series = new SeriesLabeler(target, true).label("m", [["job", "pushed"]]);
    expect(series.labels).toEqual({ __name__: "m", board: "b1", instance: "pi:9100", job: "pushed" });
  });

  it("drops empty values: an empty scraped label with honor_labels removes the target label", () => {
    expect(new SeriesLabeler(target, true).label("m", [["job", ""]]).labels).toEqual({ __name__: "m", board: "b1", instance: "pi:9100" });
    expect(new SeriesLabeler({ ...target, site: "" }, false).label("m", [["site", "x"]]).labels).toEqual({
      __name__: "m",
      board: "b1",
      instance: "pi:9100",
      job: "node",
      exported_site: "x",
    });
  });

  it("gives equal label sets equal keys whatever the exposition order", () => {
    const labeler = new SeriesLabeler(target, false);
    const a = labeler.label("m", [["a", "1"], ["b", "2"]]);
    const b = labeler.label("m", [["b", "2"], ["a", "1"]]);
    expect(a.key).toBe(b.key);
    expect(labeler.label("m", [["a", "1,b=2"]]).key).not.toBe(a.key);
  });

  it("splits a key back into its labels, whatever the values contain", () => {
    const series = new SeriesLabeler(target, false).label("m", [["path", 'C:\\ "x"\n\u0000\uFFFF=,']]);
    expect(labelsFromKey(series.key)).toEqual(series.labels);
  });
});
