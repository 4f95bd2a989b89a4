"use client";
import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import { locateError } from "@/lib/explore/error-position";
import { historyKey, loadHistory, recordQuery } from "@/lib/explore/history";
import { runExploreQuery, type ExploreResult } from "@/lib/explore/run-query";
import { MAX_CHART_SERIES } from "@/lib/explore/series";
import { computeStep } from "@/lib/explore/step";
import { rangeSeconds } from "@/lib/explore/time-range";
import { UNIT_LABELS, isUnit } from "@/lib/explore/unit-options";
import { decodeState, encodeState, type ExploreState, type Tab } from "@/lib/explore/url-state";
import type { Unit } from "@/lib/units";
import styles from "./explore.module.css";
import { PromQLEditor } from "./promql-editor";
import { QueryError } from "./query-error";
import { QueryHistory } from "./query-history";
import { QueryStats } from "./query-stats";
import { ResultTable } from "./result-table";
import { SeriesChart } from "@/components/series-chart";
import { StepInput, TimeRangePicker } from "./time-controls";
import { useElementWidth } from "@/lib/use-element-width";

const TABS: Array<{ id: Tab; label: string }> = [
  { id: "graph", label: "Graph" },
  { id: "table", label: "Table" },
];

function ResultBody({ result, unit, width }: { result: ExploreResult; unit: Unit; width: number }) {
  if (result.kind === "table") return <ResultTable rows={result.rows} />;
  if (result.series.length === 0) return <p className="muted" data-testid="no-data">Empty query result</p>;
  return (
    <>
      {result.series.length > MAX_CHART_SERIES && (
        <p className="muted">Showing the first {MAX_CHART_SERIES} of {result.series.length} series; narrow the query to see the rest.</p>
      )}
      <SeriesChart series={result.series.slice(0, MAX_CHART_SERIES)} unit={unit} width={width} startMs={result.startMs} endMs={result.endMs} />
    </>
  );
}

/**
 * The Explore screen. The URL is the state (query, range, step, tab, unit), so a link reproduces the view;
 * the editor holds the draft until Enter runs it.
 */
export function ExploreView({ tenant, userId }: { tenant: string; userId: string }) {
  const searchParams = useSearchParams();
  const state = useMemo(() => decodeState(searchParams), [searchParams]);
  // Each run gets a new id so running the same query again re-evaluates a relative range at the new "now".
  const [runId, setRunId] = useState(0);
  const [history, setHistory] = useState<string[]>([]);
  // The editor's text, which the Run button runs; it becomes the URL's query only when run.
  const [draft, setDraft] = useState(state.query);
  const [resultsRef, width] = useElementWidth<HTMLDivElement>();
  const storageKey = historyKey(userId, tenant);
  useEffect(() => setHistory(loadHistory(localStorage, storageKey)), [storageKey]);

  // Next's router keeps useSearchParams in step with the native history API, without a server round trip.
  const navigate = useCallback((next: ExploreState, mode: "push" | "replace") => {
    const url = `?${encodeState(next)}`;
    if (mode === "push") window.history.pushState(null, "", url);
    else window.history.replaceState(null, "", url);
  }, []);
  const update = (patch: Partial<ExploreState>) => navigate({ ...state, ...patch }, "replace");
  const run = useCallback(
    (query: string) => {
      // A new query is a new history entry, so Back returns to the previous one.
      navigate({ ...state, query }, query === state.query ? "replace" : "push");
      setRunId((n) => n + 1);
      if (query.trim()) setHistory(recordQuery(localStorage, storageKey, query));
    },
    [navigate, state, storageKey],
  );

  const step = width > 0 ? computeStep(rangeSeconds(state.range), state.step, width) : undefined;
  const result = useQuery({
    queryKey: ["explore", tenant, state.query, state.range, state.tab, state.tab === "graph" ? step : null, runId],
    enabled: state.query.trim() !== "" && step !== undefined,
    queryFn: () => runExploreQuery({ tenant, query: state.query, range: state.range, tab: state.tab, stepSeconds: step! }),
  });
  const error = result.error ? locateError(result.error.message, state.query) : undefined;
  const data = result.data;

  return (
    <>
      <h1>Explore</h1>
      <div className="card">
        <PromQLEditor tenant={tenant} value={state.query} errorOffset={error?.position?.offset} onRun={run} onDraftChange={setDraft} />
        <div className={styles.toolbar}>
          <TimeRangePicker value={state.range} onChange={(range) => update({ range })} />
          {/* The table is an instant query at the end of the range: no step, values shown exactly. */}
          {state.tab === "graph" && (
            <>
              <StepInput value={state.step} effectiveSeconds={step} onChange={(s) => update({ step: s })} />
              <label>
                Unit
                <select value={state.unit} onChange={(e) => isUnit(e.target.value) && update({ unit: e.target.value })}>
                  {Object.entries(UNIT_LABELS).map(([unit, label]) => <option key={unit} value={unit}>{label}</option>)}
                </select>
              </label>
            </>
          )}
          <button type="button" onClick={() => run(draft)} disabled={!draft.trim() || result.isFetching}>
            {result.isFetching ? "Running…" : "Run"}
          </button>
        </div>
      </div>
      <div className="card">
        <div className={styles.tabs} role="tablist">
          {TABS.map((t) => (
            <button key={t.id} type="button" role="tab" aria-selected={state.tab === t.id} onClick={() => update({ tab: t.id })}>
              {t.label}
            </button>
          ))}
          {data && !error && !result.isFetching && <QueryStats result={data} />}
        </div>
        <div ref={resultsRef} className={styles.results} role="tabpanel">
          {error ? (
            <QueryError error={error} query={state.query} />
          ) : !state.query.trim() ? (
            <p className="muted">Type a PromQL expression above and press Enter.</p>
          ) : !data || result.isFetching ? (
            <p className="muted">Loading…</p>
          ) : (
            <ResultBody result={data} unit={state.unit} width={width} />
          )}
        </div>
      </div>
      <QueryHistory entries={history} onPick={run} />
    </>
  );
}
