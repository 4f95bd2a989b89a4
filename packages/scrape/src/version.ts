import packageJson from "../package.json";

/** Sent as `User-Agent: Boardwatch/<version>` so exporters and proxies can tell our scrapes apart. */
export const SCRAPER_VERSION: string = packageJson.version;
