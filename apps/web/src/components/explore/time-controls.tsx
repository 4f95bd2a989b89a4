"use client";
import { useState } from "react";
import { formatDuration } from "@/lib/explore/duration";
import { formatStep, parseStep, type StepSetting } from "@/lib/explore/step";
import { fromLocalInput, isRelativeRange, RELATIVE_RANGES, resolveRange, toLocalInput, type TimeRange } from "@/lib/explore/time-range";

/** Relative range ("last 1h") or absolute from/to in the browser's time zone. */
export function TimeRangePicker(props: { value: TimeRange; onChange: (range: TimeRange) => void }) {
  const { value, onChange } = props;
  return (
    <>
      <label>
        Range
        <select value={value.kind === "relative" ? value.range : "absolute"} onChange={(e) => {
          const choice = e.target.value;
          if (isRelativeRange(choice)) onChange({ kind: "relative", range: choice });
          else {
            // Start the absolute range from what is on screen, to the minute, so switching keeps the view.
            const { startMs, endMs } = resolveRange(value, Date.now());
            onChange({ kind: "absolute", fromMs: fromLocalInput(toLocalInput(startMs))!, toMs: fromLocalInput(toLocalInput(endMs))! });
          }
        }}>
          {RELATIVE_RANGES.map((r) => <option key={r} value={r}>Last {r}</option>)}
          <option value="absolute">Absolute…</option>
        </select>
      </label>
      {value.kind === "absolute" && (
        <>
          <label>
            From
            <input type="datetime-local" value={toLocalInput(value.fromMs)} max={toLocalInput(value.toMs)} onChange={(e) => {
              const fromMs = fromLocalInput(e.target.value);
              if (fromMs !== undefined && fromMs < value.toMs) onChange({ ...value, fromMs });
            }} />
          </label>
          <label>
            To
            <input type="datetime-local" value={toLocalInput(value.toMs)} min={toLocalInput(value.fromMs)} onChange={(e) => {
              const toMs = fromLocalInput(e.target.value);
              if (toMs !== undefined && toMs > value.fromMs) onChange({ ...value, toMs });
            }} />
          </label>
        </>
      )}
    </>
  );
}

/** `auto` or a Prometheus duration; what auto resolves to is shown beside it. */
export function StepInput(props: { value: StepSetting; effectiveSeconds: number | undefined; onChange: (step: StepSetting) => void }) {
  // The text is kept as typed so a half-typed duration ("1") is not replaced while the person types.
  const [text, setText] = useState(formatStep(props.value));
  const valid = parseStep(text) !== undefined;
  return (
    <label>
      Step
      <input value={text} size={8} aria-invalid={!valid} placeholder="auto" title="auto, or a duration such as 15s, 1m, 1h"
        onChange={(e) => {
          setText(e.target.value);
          const step = parseStep(e.target.value);
          if (step) props.onChange(step);
        }} />
      <span className="muted" data-testid="effective-step">
        {!valid ? "e.g. 15s, 1m" : props.effectiveSeconds === undefined ? "\u00a0" : `= ${formatDuration(props.effectiveSeconds)}`}
      </span>
    </label>
  );
}
