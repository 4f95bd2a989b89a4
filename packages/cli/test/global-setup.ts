import { setupTestEnvironment } from "@boardwatch/db/testing";

export default () => setupTestEnvironment("cli");
