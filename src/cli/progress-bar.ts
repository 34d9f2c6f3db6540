import type { IngestProgress } from "../../ingest/run-ingest.js";
import { truncateToWidth } from "./format-table.js";

// Progress on stderr, so stdout stays clean for reports and `--json`. On a
// terminal one line is redrawn in place (cleared first, cut to the terminal's
// width so it never wraps, at most every REDRAW_MS); elsewhere (CI logs, a
// test spawning the CLI) a line per finished step instead of hundreds of
// carriage returns.

/** Redraws at most this often: a fast run would otherwise spend its time writing to the terminal. */
const REDRAW_MS = 50;
/** Clears the terminal line the cursor is on. */
const CLEAR_LINE = "\r\x1b[2K";

/** The line redrawn in place on a terminal. */
function liveLine(stream: NodeJS.WriteStream) {
  let drawnAt = 0;
  return {
    /** Draws `text` over the current line unless one was drawn less than REDRAW_MS ago (`force` draws anyway). */
    draw(text: string, force = false): void {
      if (!force && Date.now() - drawnAt < REDRAW_MS) return;
      const columns = stream.columns || 100; // 0 when the terminal does not say
      stream.write(`${CLEAR_LINE}${truncateToWidth(text, Math.max(20, columns - 1))}`);
      drawnAt = Date.now();
    },
    clear(): void {
      stream.write(CLEAR_LINE);
    },
  };
}

/** `[#####.....] embed 120/328`: one ingest step as a fixed-width bar. */
export function formatProgress({ stage, done, total }: IngestProgress, width = 10): string {
  const filled = total > 0 ? Math.round((done / total) * width) : width;
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${stage} ${done}/${total}`;
}

/**
 * Reports ingest progress (`npm run ingest`, `npm start`) on stderr: redrawn
 * in place on a terminal; on a pipe or file, one line per finished step so
 * logs stay readable.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): { update(progress: IngestProgress): void; finish(): void } {
  const line = liveLine(stream);
  let drawn = false;
  return {
    update(progress) {
      if (stream.isTTY) {
        line.draw(formatProgress(progress, 30), progress.done === progress.total);
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

/** Shows how far a stage of a run is (the eval's answering, judging and baselines). */
export interface ProgressBar {
  /** Starts a stage of `total` steps. */
  start(label: string, total: number): void;
  /** Moves the current stage to `done` steps, with an optional short note (the item id). */
  update(done: number, note?: string): void;
  /** A one-off message (a rate-limit wait) without losing the bar. */
  note(message: string): void;
  /** Ends the stage with its elapsed time. */
  finish(): void;
}

const BAR_CELLS = 24;

/**
 * A labelled progress bar on stderr, `企问 ████░░░░ 12/120 sip-…`, one stage
 * after another; each finished stage leaves `label: done/total in s` behind.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const interactive = stream.isTTY === true;
  const line = liveLine(stream);
  let label = "";
  let total = 0;
  let done = 0;
  let startedAt = 0;

  const draw = (note = "", force = false) => {
    const filled = total === 0 ? BAR_CELLS : Math.round((done / total) * BAR_CELLS);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_CELLS - filled)}`;
    line.draw(`${label} ${bar} ${done}/${total} ${note}`, force);
  };

  return {
    start(nextLabel, nextTotal) {
      label = nextLabel;
      total = nextTotal;
      done = 0;
      startedAt = Date.now();
      if (interactive) draw("", true);
    },
    update(nextDone, note) {
      done = nextDone;
      if (interactive) draw(note, done === total);
    },
    note(message) {
      if (interactive) {
        line.clear();
        stream.write(`${message}\n`);
        draw("", true);
      } else {
        stream.write(`${message}\n`);
      }
    },
    finish() {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      if (interactive) line.clear();
      stream.write(`${label}: ${done}/${total} in ${seconds} s\n`);
    },
  };
}
