/** Public surface of @boardwatch/alerting: Prometheus rule semantics and Alertmanager-style delivery to Slack. */
export { parseRuleFile, parseRuleGroup, splitRuleFile, RuleFileError, type AlertingRuleSpec, type NameValidation, type RecordingRuleSpec, type RuleGroupSpec, type RuleParseOptions, type RuleSpec } from "./rule-file";
export { parseDuration, formatDuration } from "./duration";
export { engineQueryFunc, type QueryFunc, type RuleSample } from "./query-func";
export { MemoryAlertStateStore, type ActiveAlert, type AlertState, type AlertStateStore, type GroupState, type RuleState } from "./alert-state";
export { RESOLVED_RETENTION_MS } from "./alerting-rule";
export type { OutputSeries } from "./recording-rule";
export { evaluateGroup, groupEvalOffset, groupEvalTime, type EvaluateGroupDeps, type GroupEvaluation, type NotifyAlert, type RuleHealth, type RuleStatus } from "./group";
export { checkAlertTemplate, expandAlertTemplate, type AlertTemplateData } from "./alert-template";
export { Template, goStruct, type TemplateFunction } from "./template-execute";
export { TemplateError } from "./template-parse";
export { humanize, humanize1024, humanizeDuration, humanizePercentage, humanizeTimestamp, prometheusFunctions } from "./template-functions";
export { formatFloat, sprintf } from "./go-format";
export { fingerprint, formatLabels } from "./fingerprint";
export { parseMatchers, formatMatchers, matchesAll, type Matcher, type MatchType } from "./matchers";
export {
  parseAlertmanagerConfig,
  renderAlertmanagerConfig,
  AlertmanagerConfigError,
  type AlertmanagerConfig,
  type InhibitRule,
  type Receiver,
  type Route,
  type SlackConfig,
} from "./alertmanager-config";
export { validateSilence, isSilenceActive, silencedBy, type Silence } from "./silences";
export { isInhibited } from "./inhibit";
export { MemoryNotificationLog, NOTIFICATION_LOG_RETENTION_MS, type NotificationLog, type NotificationLogEntry } from "./notification-log";
export { Dispatcher, flushDue, idempotencyKey, type AggregationGroup, type DispatcherSnapshot, type DueOptions, type Notification, type NotifyFunc } from "./dispatcher";
export { buildSlackMessage, defaultTitle, slackTemplateFunctions, type SlackMessageOptions } from "./slack-message";
export { sendSlack, slackNotifier, SlackDeliveryError, type SlackSendOptions } from "./slack-notifier";
