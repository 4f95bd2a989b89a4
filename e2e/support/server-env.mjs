import { fileURLToPath } from "node:url";

/** Where the e2e web server tells the specs which database it runs on. */
export const serverEnvFile = fileURLToPath(new URL("../test-results/.server-env.json", import.meta.url));
