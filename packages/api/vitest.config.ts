import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["./test/global-setup.ts"],
    // One database per run; files share it, so they run one after another.
    fileParallelism: false,
    testTimeout: 20_000,
  },
});
