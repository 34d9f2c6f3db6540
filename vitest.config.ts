import { defineConfig } from "vitest/config";

/**
 * Files that measure time (a shutdown within 10 s, server timeouts, a rate window, replicas switching
 * within 10 s, a browser) run after the others, one at a time: a busy neighbour would make them flaky.
 */
const timingFiles = [
  "test/server/graceful-shutdown.test.ts",
  "test/server/timeouts.test.ts",
  "test/server/rate-limit.test.ts",
  "test/store/object-store-replicas.test.ts",
  "test/e2e/**/*.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Test files share their worker's modules (the embedding model, LanceDB's native client, the lexicons):
    // loading them again for each of ~80 files cost more than a minute of a 2-core machine. No test relies
    // on a fresh module state; one that changes process.env restores it.
    isolate: false,
    // The servers tests start log every request as JSON; a test that reads logs passes its own logger.
    env: { LOG_LEVEL: "warn" },
    projects: [
      {
        extends: true,
        // Two at a time: much of a file's time is spent waiting on the servers and commands it starts.
        test: { name: "main", include: ["test/**/*.test.ts"], exclude: timingFiles, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: "timing", include: timingFiles, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
