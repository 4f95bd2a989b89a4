export { formatDuration, parseDuration } from "@boardwatch/dashboards";
