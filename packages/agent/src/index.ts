export type { Collector, FamilySample, FamilyType, MetricFamily } from "./metrics/types";
export { Registry } from "./metrics/registry";
export { formatText, TEXT_CONTENT_TYPE } from "./metrics/text-format";
export {
  cpuCollector,
  cpufreqCollector,
  diskstatsCollector,
  filesystemCollector,
  hwmonCollector,
  loadavgCollector,
  meminfoCollector,
  netdevCollector,
  nodeCollectors,
  statCollector,
  thermalZoneCollector,
  timeCollector,
  unameCollector,
  type CollectorOptions,
  type FilesystemCollectorOptions,
  type FsStats,
  type UnameCollectorOptions,
} from "./collectors/index";
export { createAgentServer, listen, parseListenAddress, type AgentServerOptions } from "./server/server";
export { fetchRelay, RelayError, type Relay, type RelayFetchOptions, type RelayResponse } from "./server/relay";
export { bearerMatches } from "./server/auth";
export { enroll, EnrollError, type EnrollErrorKind, type EnrollOptions, type EnrollRequest, type EnrollResponse } from "./enroll/enroll";
export { gatherFacts, type BoardFacts } from "./enroll/facts";
export { defaultStatePath, readState, spoolDirectory, StateError, writeState, type AgentMode, type AgentState } from "./enroll/state";
export { Spool } from "./push/spool";
export { RemoteWriter, type RemoteWriterOptions } from "./push/remote-writer";
export { sendRemoteWrite, type SendOutcome } from "./push/remote-write-client";
export { relayTarget, scrapeBatch, selfTarget, type ScrapedSample, type ScrapeTarget } from "./push/scrape-batch";
export { startScrapeLoop, type ScrapeLoop, type ScrapeLoopOptions } from "./push/scrape-loop";
export { installScript, shellQuote, type InstallScriptOptions } from "./service/install-script";
export { installService, type InstallServiceOptions } from "./service/install-service";
export { systemdUnit, UNIT_PATH, type SystemdUnitOptions } from "./service/systemd-unit";
export { main, SELF_JOB, USAGE, type CliIo } from "./cli/main";
export { AGENT_VERSION } from "./version";
