/** Label pairs in exposition order, shared with @boardwatch/exposition. */
export type { Labels } from "@boardwatch/exposition";
import type { Labels } from "@boardwatch/exposition";

export type FamilyType = "counter" | "gauge" | "untyped";

export interface FamilySample {
  labels: Labels;
  value: number;
}

/** One metric family as a collector produces it; samples of a family share name, HELP and TYPE. */
export interface MetricFamily {
  name: string;
  help: string;
  type: FamilyType;
  samples: FamilySample[];
}

/** A source of metric families. `collect` may throw; the registry turns that into an error metric. */
export interface Collector {
  name: string;
  collect(): Promise<MetricFamily[]>;
}

export function family(name: string, help: string, type: FamilyType, samples: FamilySample[] = []): MetricFamily {
  return { name, help, type, samples };
}
