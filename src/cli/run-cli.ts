import { loadConfig } from "../config/app-config.js";
import { AppError } from "../errors/app-errors.js";

/** Writes to stdout and waits until it is flushed, so an exit right after loses nothing. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

/**
 * Whether DEBUG_ERRORS=1 asks for stacks. Read from the configuration only
 * once a command has failed, and false when the environment itself is what
 * failed to load.
 */
function debugRequested(): boolean {
  try {
    return loadConfig().debug;
  } catch {
    return false;
  }
}

/**
 * Runs a command's main function. A failure prints its message to stderr
 * (an AppError's whole message, written for people; the first line of any
 * other) and exits 1; set DEBUG_ERRORS=1 for the stack. With `exitWhenDone`,
 * the process exits once main returns: the embedding runtime and LanceDB keep
 * threads alive that would otherwise hold a finished command open.
 */
export function runCli(main: () => Promise<number | void>, { exitWhenDone = true } = {}): void {
  main().then(
    (code) => {
      if (exitWhenDone) process.exit(code ?? 0);
    },
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(error instanceof AppError ? `${message}\n` : `error: ${message.split("\n")[0]}\n`);
      if (error instanceof Error && debugRequested()) process.stderr.write(`${error.stack}\n`);
      process.exit(1);
    },
  );
}
