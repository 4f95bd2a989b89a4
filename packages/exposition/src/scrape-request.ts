import { SCRAPE_ACCEPT_ENCODING } from "./content-encoding";
import { SCRAPE_ACCEPT_HEADER } from "./content-type";

/** The headers of a scrape request as Prometheus sends them; targets may use the timeout to bound their work. */
export function scrapeRequestHeaders(timeoutSeconds: number): Record<string, string> {
  return {
    Accept: SCRAPE_ACCEPT_HEADER,
    "Accept-Encoding": SCRAPE_ACCEPT_ENCODING,
    "X-Prometheus-Scrape-Timeout-Seconds": String(timeoutSeconds),
  };
}
