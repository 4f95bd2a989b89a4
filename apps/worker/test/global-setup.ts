import { setupTestEnvironment } from "@boardwatch/db/testing";

// Runs before the test workers start, so the env it sets reaches every module they load (and the worker
// processes the tests spawn).
export default () => setupTestEnvironment("worker");
