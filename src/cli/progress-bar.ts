import type { IngestProgress } from "../../ingest/run-ingest.js";

/** `[#####.....] embed 120/328`: one ingest step as a fixed-width bar. */
export function formatProgress({ stage, done, total }: IngestProgress, width = 10): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${stage} ${done}/${total}`;
}

/**
 * Reports ingest progress on stderr: redrawn in place on a terminal; on a pipe
 * or file, one line per finished step so logs stay readable.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update(progress: IngestProgress): void; finish(): void } {
  let drawn = false;
  return {
    update(progress) {
      if (stream.isTTY) {
        stream.write(`\r${formatProgress(progress, 30)}`);
        drawn = true;
      } else if (progress.done === progress.total) {
        stream.write(`${formatProgress(progress, 30)}\n`);
      }
    },
    finish() {
      if (drawn) stream.write("\n");
      drawn = false;
    },
  };
}
