import { defineConfig } from "vitest/config";

// Worker tests start real processes and enrol 200 boards: generous timeouts, one file at a time.
export default defineConfig({ test: { globalSetup: ["./test/global-setup.ts"], fileParallelism: false, testTimeout: 180_000, hookTimeout: 120_000 } });
