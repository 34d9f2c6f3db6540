import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Test files share their worker's modules (the embedding model, LanceDB's native client, the lexicons):
    // loading them again for each of ~80 files cost more than a minute of a 2-core machine. No test relies
    // on a fresh module state; one that changes process.env restores it.
    isolate: false,
    // The servers tests start log every request as JSON; a test that reads logs passes its own logger.
    env: { LOG_LEVEL: "warn" },
  },
});
