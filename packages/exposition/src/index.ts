export { ExpositionError, type ExpositionErrorCode } from "./errors";
export type { ExposedComment, ExposedSeries, KnownExposition, Labels, MetricMetadata, MetricType, ParseLimits, ParseResult, Sample } from "./types";
export { parsePrometheusText } from "./text-parser";
export { parseOpenMetrics } from "./openmetrics-parser";
export { SCRAPE_ACCEPT_HEADER, formatForContentType, type ExpositionFormat } from "./content-type";
export { SCRAPE_ACCEPT_ENCODING, decodeContentEncoding } from "./content-encoding";
export { parseScrapeResponse, type ScrapeParseOptions, type ScrapeResponse } from "./parse-scrape";
export { scrapeRequestHeaders } from "./scrape-request";
export { isLegacyLabelName, isLegacyMetricName } from "./lexing";
export { STALE_NAN, STALE_NAN_BITS, float64Bits, isStaleNaN } from "./stale-nan";
export {
  DEFAULT_REMOTE_WRITE_LIMITS,
  REMOTE_WRITE_HEADERS,
  decodeRemoteWrite,
  encodeRemoteWrite,
  type RemoteWriteLimits,
  type RemoteWriteMetadata,
  type RemoteWriteSample,
  type RemoteWriteSeries,
  type WriteRequest,
} from "./remote-write";
