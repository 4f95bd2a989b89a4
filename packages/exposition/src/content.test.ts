import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { SCRAPE_ACCEPT_ENCODING, decodeContentEncoding } from "./content-encoding";
import { SCRAPE_ACCEPT_HEADER, formatForContentType } from "./content-type";
import { ExpositionError } from "./errors";
import { parseScrapeResponse } from "./parse-scrape";
import { scrapeRequestHeaders } from "./scrape-request";

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof ExpositionError) return error.code;
    throw error;
  }
  return "accepted";
}

describe("formatForContentType", () => {
  it.each([
    ["application/openmetrics-text; version=1.0.0; charset=utf-8", "openmetrics"],
    ["application/openmetrics-text;version=0.0.1", "openmetrics"],
    ["text/plain; version=0.0.4; charset=utf-8", "prometheus-text"],
    ["TEXT/PLAIN", "prometheus-text"],
  ] as const)("%s -> %s", (contentType, format) => {
    expect(formatForContentType(contentType)).toBe(format);
  });

  it("refuses missing, malformed and unknown types unless a fallback is configured, like Prometheus 3", () => {
    for (const contentType of [undefined, "", "application/json", "garbage;;"]) {
      expect(codeOf(() => formatForContentType(contentType))).toBe("unsupported-media-type");
      expect(formatForContentType(contentType, "prometheus-text")).toBe("prometheus-text");
    }
    expect(() => formatForContentType("application/json")).toThrow(
      'received unsupported Content-Type "application/json" and no fallback format configured for the target',
    );
  });

  it("advertises OpenMetrics first and text 0.0.4 as fallback", () => {
    const offers = SCRAPE_ACCEPT_HEADER.split(",");
    expect(offers.slice(0, 3).map((offer) => formatForContentType(offer))).toEqual([
      "openmetrics",
      "openmetrics",
      "prometheus-text",
    ]);
    expect(offers[3]).toBe("*/*;q=0.1");
    expect(SCRAPE_ACCEPT_ENCODING).toBe("gzip");
  });
});

describe("scrapeRequestHeaders", () => {
  it("are the headers Prometheus 2.42 scrapes with", () => {
    const captured = JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "testdata", "prometheus-2.42-capture", "scrape-request-headers.json"), "utf8"),
    ) as Record<string, string>;
    for (const [name, value] of Object.entries(scrapeRequestHeaders(1))) expect(captured[name.toLowerCase()]).toBe(value);
  });
});

describe("decodeContentEncoding", () => {
  const text = Buffer.from("a 1\n".repeat(1000));

  it("inflates gzip and passes identity through", () => {
    expect(Buffer.from(decodeContentEncoding(gzipSync(text), "gzip", text.length))).toEqual(text);
    expect(decodeContentEncoding(text, undefined, text.length)).toBe(text);
    expect(decodeContentEncoding(text, "identity", text.length)).toBe(text);
  });

  it("enforces the body size limit on the decoded size", () => {
    expect(codeOf(() => decodeContentEncoding(gzipSync(text), "gzip", text.length - 1))).toBe("body-size-limit");
    expect(codeOf(() => decodeContentEncoding(text, undefined, text.length - 1))).toBe("body-size-limit");
    expect(codeOf(() => decodeContentEncoding(gzipSync("a"), "gzip", 0))).toBe("body-size-limit");
    expect(Buffer.from(decodeContentEncoding(gzipSync(text), "gzip", Infinity))).toEqual(text);
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(codeOf(() => decodeContentEncoding(bomb, "gzip", 1024 * 1024))).toBe("body-size-limit");
  });

  it("reports corrupt gzip and unknown encodings", () => {
    const zipped = gzipSync(text);
    expect(codeOf(() => decodeContentEncoding(zipped.subarray(0, zipped.length / 2), "gzip", 1 << 20))).toBe("invalid-gzip");
    expect(codeOf(() => decodeContentEncoding(text, "gzip", 1 << 20))).toBe("invalid-gzip");
    expect(codeOf(() => decodeContentEncoding(text, "br", 1 << 20))).toBe("unsupported-encoding");
  });
});

describe("parseScrapeResponse", () => {
  it("chains decoding, negotiation and parsing with limits", () => {
    const body = gzipSync("# TYPE up gauge\nup 1\n# EOF\n");
    const response = { body, contentType: "application/openmetrics-text; version=1.0.0", contentEncoding: "gzip" };
    const result = parseScrapeResponse(response, { bodySizeLimit: 1024 });
    expect(result.format).toBe("openmetrics");
    expect(result.samples).toEqual([{ name: "up", labels: [], value: 1, timestampMs: undefined }]);
    expect(codeOf(() => parseScrapeResponse(response, { bodySizeLimit: 10 }))).toBe("body-size-limit");
    expect(codeOf(() => parseScrapeResponse({ ...response, contentType: "text/plain" }, { bodySizeLimit: 1024 }))).toBe(
      "accepted",
    );
    expect(codeOf(() => parseScrapeResponse(response, { bodySizeLimit: 1024, sampleLimit: 0 }))).toBe("sample-limit");
  });
});
