export { isUnit, UNIT_LABELS } from "@boardwatch/dashboards";
