// The Prometheus `.test` script harness, for test suites (it reads files: not for the browser).
export { runScript, type EvalResult, type ScriptOptions, type ScriptSeries, type ScriptStorage } from "./run";
export { CORE_SCRIPTS, SCRIPT_EXCEPTIONS, SKIPPED_SCRIPTS, SCRIPTS_DIR } from "./suite";
