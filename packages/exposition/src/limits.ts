import { Buffer } from "node:buffer";
import { ExpositionError } from "./errors";
import type { Labels, ParseLimits } from "./types";

// `line` is a getter because counting lines is only worth doing once a limit has been hit.

/** Throws the limit error for a sample count over `sampleLimit`; called once per accepted sample. */
export function checkSampleLimit(limits: ParseLimits, count: number, line: () => number): void {
  if (limits.sampleLimit !== undefined && count > limits.sampleLimit) {
    throw new ExpositionError("sample-limit", `sample limit exceeded: more than ${limits.sampleLimit} samples`, line());
  }
}

/**
 * Throws the limit error when a series breaks a label limit. `name` is the metric name when it is kept apart
 * from `labels` (the text formats), counted as the `__name__` label; undefined when `labels` include it.
 */
export function checkLabelLimits(
  limits: ParseLimits,
  name: string | undefined,
  labels: Labels,
  line?: () => number,
): void {
  const { labelLimit, labelNameLengthLimit, labelValueLengthLimit } = limits;
  const count = labels.length + (name === undefined ? 0 : 1);
  if (labelLimit !== undefined && count > labelLimit) {
    throw new ExpositionError(
      "label-limit",
      `label_limit exceeded: series ${name ?? "in remote write request"} has ${count} labels, limit is ${labelLimit}`,
      line?.(),
    );
  }
  if (
    name !== undefined &&
    labelValueLengthLimit !== undefined &&
    utf8Length(name, labelValueLengthLimit) > labelValueLengthLimit
  ) {
    throw lengthError("label-value-length-limit", "metric name", name, labelValueLengthLimit, line);
  }
  if (labelNameLengthLimit === undefined && labelValueLengthLimit === undefined) return;
  for (const [labelName, value] of labels) {
    if (labelNameLengthLimit !== undefined && utf8Length(labelName, labelNameLengthLimit) > labelNameLengthLimit) {
      throw lengthError("label-name-length-limit", "label name", labelName, labelNameLengthLimit, line);
    }
    if (labelValueLengthLimit !== undefined && utf8Length(value, labelValueLengthLimit) > labelValueLengthLimit) {
      throw lengthError("label-value-length-limit", `value of label ${labelName}`, value, labelValueLengthLimit, line);
    }
  }
}

// A UTF-16 unit encodes to 1-3 UTF-8 bytes (a surrogate pair, 2 units, to 4), so the exact byte count is only
// needed when the string length alone cannot decide against the limit.
function utf8Length(s: string, limit: number): number {
  if (s.length > limit || s.length * 3 <= limit) return s.length;
  return Buffer.byteLength(s, "utf8");
}

function lengthError(
  code: "label-name-length-limit" | "label-value-length-limit",
  what: string,
  text: string,
  limit: number,
  line: (() => number) | undefined,
): ExpositionError {
  const shown = text.length > 64 ? `${text.slice(0, 64)}...` : text;
  return new ExpositionError(code, `${what} ${JSON.stringify(shown)} is longer than ${limit} bytes`, line?.());
}

/** Whether any per-series label limit is set, so parsers can skip the checks entirely when none is. */
export function hasLabelLimits(limits: ParseLimits): boolean {
  return limits.labelLimit !== undefined || limits.labelNameLengthLimit !== undefined || limits.labelValueLengthLimit !== undefined;
}
