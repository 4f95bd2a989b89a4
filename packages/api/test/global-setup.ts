import { setupTestEnvironment } from "@boardwatch/db/testing";

// Runs before the test workers start, so the env it sets reaches every module they load.
export default () => setupTestEnvironment("api", { AUTH_LOGIN_RATE_LIMIT: "3" });
