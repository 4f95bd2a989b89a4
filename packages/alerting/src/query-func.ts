/** How rules reach the query engine: only through a QueryFunc, so tests and the worker inject their own. */
import { instantQuery, type Labels, type Querier, type QueryOptions } from "@boardwatch/promql";

/** A sample of an instant vector as rules see it. */
export interface RuleSample {
  labels: Labels;
  value: number;
}

/** Evaluates `expr` at `timeMs` and returns an instant vector; throws on errors. */
export type QueryFunc = (expr: string, timeMs: number) => Promise<RuleSample[]>;

/** A QueryFunc over the PromQL engine, like Prometheus's EngineQueryFunc: scalars become one label-less sample. */
export function engineQueryFunc(querier: Querier, options: QueryOptions = {}): QueryFunc {
  return async (expr, timeMs) => {
    const { result } = await instantQuery(querier, expr, timeMs, options);
    switch (result.resultType) {
      case "vector":
        return result.samples.map((s) => ({ labels: s.labels, value: s.value }));
      case "scalar":
        return [{ labels: {}, value: result.value }];
      default:
        throw new Error("rule result is not a vector or scalar");
    }
  };
}
