/**
 * A target problem (network, HTTP status, body, limits): the scrape reports it as `up 0` with this message and
 * never throws it. Messages read like Prometheus's so operators can search for them.
 */
export class ScrapeFailure extends Error {
  override readonly name = "ScrapeFailure";
}
