export { formatUnit, type Unit } from "@boardwatch/dashboards";
