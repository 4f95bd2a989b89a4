import { matchesEmpty, toPostgresRegex } from "./regex";
import type { SqlParams } from "./sql-params";
import type { LabelMatcher } from "./types";

const METRIC = "__name__";

function metricCondition(m: LabelMatcher, params: SqlParams, alias: string): string {
  const col = `${alias}.metric`;
  switch (m.type) {
    case "=":
      return `${col} = ${params.add(m.value)}`;
    case "!=":
      return `${col} <> ${params.add(m.value)}`;
    case "=~":
      return `${col} ~ ${params.add(toPostgresRegex(m.value))}`;
    case "!~":
      return `${col} !~ ${params.add(toPostgresRegex(m.value))}`;
    default:
      return exhaustive(m.type);
  }
}

function labelCondition(m: LabelMatcher, params: SqlParams, alias: string, tenant: string, useLabelIndex: boolean): string {
  // A missing label reads as "" (Prometheus semantics); empty-valued labels are never stored.
  const value = (): string => `coalesce(${alias}.labels ->> ${params.add(m.name)}::text, '')`;
  switch (m.type) {
    case "=":
      if (m.value === "") return `not (${alias}.labels ? ${params.add(m.name)}::text)`;
      return `${alias}.labels @> ${params.add(JSON.stringify({ [m.name]: m.value }))}::jsonb`;
    case "!=":
      return `${value()} <> ${params.add(m.value)}`;
    case "=~":
      if (useLabelIndex && matchesEmpty(m.value) === false) {
        return `${alias}.id in (select series_id from tsdb.series_labels where tenant_id = ${tenant} and name = ${params.add(
          m.name,
        )} and value ~ ${params.add(toPostgresRegex(m.value))})`;
      }
      return `${value()} ~ ${params.add(toPostgresRegex(m.value))}`;
    case "!~":
      return `${value()} !~ ${params.add(toPostgresRegex(m.value))}`;
    default:
      return exhaustive(m.type);
  }
}

function exhaustive(x: never): never {
  throw new Error(`unknown matcher type ${String(x)}`);
}

/**
 * SQL conditions on the `series` row aliased `alias` selecting the matchers' series of the tenant bound at `tenant`.
 * Without an equality on the metric name, non-empty regexes go through `series_labels` (indexed per label name).
 */
export function compileMatchers(matchers: LabelMatcher[], params: SqlParams, alias: string, tenant: string): string {
  const hasMetricEquality = matchers.some((m) => m.name === METRIC && m.type === "=");
  const conditions = [`${alias}.tenant_id = ${tenant}`];
  for (const m of matchers) {
    conditions.push(m.name === METRIC ? metricCondition(m, params, alias) : labelCondition(m, params, alias, tenant, !hasMetricEquality));
  }
  return conditions.join(" and ");
}
