import { decodeContentEncoding } from "./content-encoding";
import { type ExpositionFormat, formatForContentType } from "./content-type";
import { parseOpenMetrics } from "./openmetrics-parser";
import { parsePrometheusText } from "./text-parser";
import type { KnownExposition, ParseLimits, ParseResult } from "./types";

export interface ScrapeResponse {
  body: Uint8Array;
  contentType: string | undefined;
  contentEncoding: string | undefined;
}

export interface ScrapeParseOptions extends ParseLimits {
  /** Maximum decoded body size in bytes, `Infinity` for none (Prometheus `body_size_limit`). */
  bodySizeLimit: number;
  /** Format to assume when the Content-Type is missing or unknown (Prometheus `fallback_scrape_protocol`). */
  fallbackFormat?: ExpositionFormat;
  /** What the target's last scrape exposed, for the text format (see KnownExposition). */
  known?: KnownExposition;
}

/** Decodes, picks the parser by Content-Type and parses a scrape response body: the scraper's one call. */
export function parseScrapeResponse(response: ScrapeResponse, options: ScrapeParseOptions): ParseResult & { format: ExpositionFormat } {
  const format = formatForContentType(response.contentType, options.fallbackFormat);
  const body = decodeContentEncoding(response.body, response.contentEncoding, options.bodySizeLimit);
  const result = format === "openmetrics" ? parseOpenMetrics(body, options) : parsePrometheusText(body, options, options.known);
  return { ...result, format };
}
