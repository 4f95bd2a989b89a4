import { ExpositionError } from "./errors";

export type ExpositionFormat = "prometheus-text" | "openmetrics";

/**
 * The `Accept` header a scraper sends: exactly what Prometheus 2.42 sends (captured, see testdata/README.md),
 * OpenMetrics first. Prometheus 3 adds protobuf and `escaping=allow-utf-8` offers, which this package does not
 * parse, so they are left out.
 */
export const SCRAPE_ACCEPT_HEADER =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Picks the parser for a response `Content-Type`, as Prometheus 3 does: `application/openmetrics-text` is
 * OpenMetrics, `text/plain` (any version) is the text format; a missing, malformed or unknown type is an
 * error unless the target is configured with a fallback (Prometheus's `fallback_scrape_protocol`;
 * Prometheus 2 silently used the text format).
 */
export function formatForContentType(contentType: string | undefined, fallback?: ExpositionFormat): ExpositionFormat {
  const mediaType = (contentType ?? "").split(";", 1)[0]?.trim().toLowerCase() ?? "";
  if (mediaType === "application/openmetrics-text") return "openmetrics";
  if (mediaType === "text/plain") return "prometheus-text";
  if (fallback !== undefined) return fallback;
  const problem =
    mediaType === ""
      ? "non-compliant scrape target sending blank Content-Type"
      : TOKEN.test(mediaType)
        ? `received unsupported Content-Type ${JSON.stringify(contentType)}`
        : `cannot parse Content-Type ${JSON.stringify(contentType)}`;
  throw new ExpositionError("unsupported-media-type", `${problem} and no fallback format configured for the target`);
}
