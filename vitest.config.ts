import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // The servers tests start log every request as JSON; a test that reads logs passes its own logger.
    env: { LOG_LEVEL: "warn" },
  },
});
