/** Shows how far a stage of the run is. */
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

/** Redraws at most this often: a fast in-process run would otherwise spend its time writing to the terminal. */
const REDRAW_MS = 50;
const BAR_CELLS = 24;

/**
 * A progress bar on stderr, so stdout stays clean for the tables or `--json`.
 * On a terminal it redraws one line in place; elsewhere (CI logs, a test
 * spawning the CLI) it writes one line per finished stage instead of
 * hundreds of carriage returns.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): ProgressBar {
  const interactive = stream.isTTY === true;
  let label = "";
  let total = 0;
  let done = 0;
  let startedAt = 0;
  let drawnAt = 0;

  const draw = (note = "") => {
    const filled = total === 0 ? BAR_CELLS : Math.round((done / total) * BAR_CELLS);
    const bar = `${"█".repeat(filled)}${"░".repeat(BAR_CELLS - filled)}`;
    const width = stream.columns || 100; // 0 when the terminal does not say
    const line = `${label} ${bar} ${done}/${total} ${note}`.slice(0, Math.max(20, width - 1));
    stream.write(`\r\x1b[2K${line}`);
    drawnAt = Date.now();
  };

  return {
    start(nextLabel, nextTotal) {
      label = nextLabel;
      total = nextTotal;
      done = 0;
      startedAt = Date.now();
      if (interactive) draw();
    },
    update(nextDone, note) {
      done = nextDone;
      if (interactive && (Date.now() - drawnAt >= REDRAW_MS || done === total)) draw(note);
    },
    note(message) {
      if (interactive) stream.write(`\r\x1b[2K${message}\n`);
      else stream.write(`${message}\n`);
      if (interactive) draw();
    },
    finish() {
      const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
      if (interactive) stream.write(`\r\x1b[2K`);
      stream.write(`${label}: ${done}/${total} in ${seconds} s\n`);
    },
  };
}
