import { defineConfig } from "vitest/config";

export default defineConfig({ test: { globalSetup: ["./test/global-setup.ts"], fileParallelism: false, testTimeout: 120_000 } });
