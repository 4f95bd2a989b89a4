import packageJson from "../package.json";

/** Reported in enrolment facts and `boardwatch_agent_build_info`; the bundle inlines package.json. */
export const AGENT_VERSION: string = packageJson.version;
