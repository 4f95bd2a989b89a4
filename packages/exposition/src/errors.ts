/** Every failure this package reports; callers branch on `code`, never on the message. */
export type ExpositionErrorCode =
  | "parse"
  | "invalid-utf8"
  | "body-size-limit"
  | "sample-limit"
  | "label-limit"
  | "label-name-length-limit"
  | "label-value-length-limit"
  | "series-limit"
  | "invalid-series"
  | "unsupported-media-type"
  | "unsupported-encoding"
  | "invalid-gzip"
  | "invalid-snappy"
  | "invalid-protobuf";

/** The one error type of this package; `line` is 1-based when the error is about a line of a text body. */
export class ExpositionError extends Error {
  constructor(
    readonly code: ExpositionErrorCode,
    message: string,
    readonly line?: number,
  ) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = "ExpositionError";
  }
}

/** The `code` Node.js puts on its own errors (`ERR_BUFFER_TOO_LARGE`, ...), if any. */
export function nodeErrorCode(error: unknown): unknown {
  return typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
}
