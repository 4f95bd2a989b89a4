export { seriesName } from "@boardwatch/dashboards";

/** Lines drawn at most: beyond this an SVG chart stops being readable, and the browser stops being responsive. */
export const MAX_CHART_SERIES = 100;
