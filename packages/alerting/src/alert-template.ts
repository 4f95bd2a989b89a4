/** Expansion of alert labels and annotations exactly as Prometheus's rule manager does it. */
import type { Labels } from "@boardwatch/promql";
import { goStruct, Template } from "./template-execute";
import { prometheusFunctions } from "./template-functions";

// Prometheus prepends these so templates can use $labels, $value, … ; they add no newline, so line numbers hold.
const defs = "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}";

/** What an alert template sees. */
export interface AlertTemplateData {
  labels: Labels;
  externalLabels: Labels;
  externalURL: string;
  value: number;
}

/** Parses an alert template the way `promtool check rules` does; throws TemplateError. */
export function checkAlertTemplate(alertName: string, text: string): void {
  Template.parse(`__alert_${alertName}`, defs + text, prometheusFunctions(""));
}

/** Expands one label or annotation value; errors become `<error expanding template: …>` like Prometheus. */
export function expandAlertTemplate(alertName: string, text: string, data: AlertTemplateData): string {
  const name = `__alert_${alertName}`;
  let tmpl: Template;
  try {
    tmpl = Template.parse(name, defs + text, prometheusFunctions(data.externalURL));
  } catch (e) {
    return `<error expanding template: error parsing template ${name}: ${(e as Error).message}>`;
  }
  try {
    return tmpl.execute(
      goStruct({ Labels: data.labels, ExternalLabels: data.externalLabels, ExternalURL: data.externalURL, Value: data.value }),
    );
  } catch (e) {
    return `<error expanding template: error executing template ${name}: ${(e as Error).message}>`;
  }
}
