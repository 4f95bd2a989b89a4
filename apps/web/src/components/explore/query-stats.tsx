import { resultStats, type ExploreResult } from "@/lib/explore/run-query";
import styles from "./explore.module.css";

/** Series and sample counts of the last run, its step for a graph, and the API's round-trip time. */
export function QueryStats({ result }: { result: ExploreResult }) {
  const { series, samples } = resultStats(result);
  const detail = result.kind === "graph" ? `${samples} points · step ${result.stepSeconds}s` : `${samples} samples`;
  return (
    <span className={`muted ${styles.stats}`} data-testid="query-stats">
      {`${series} series · ${detail} · ${result.tookMs} ms`}
    </span>
  );
}
