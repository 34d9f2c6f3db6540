/** The real stdout, kept aside while everything else written to it goes to stderr. */
export interface DivertedStdout {
  /** Writes to the real stdout and resolves once the data is handed to the OS. */
  write(text: string): Promise<void>;
  /** Puts stdout back as it was. */
  restore(): void;
}

/**
 * Sends every write to `process.stdout` (console.log included: the console
 * looks up `write` on each call) to stderr instead, so a library that logs on
 * stdout cannot corrupt `--json` output. Only the caller's `write` reaches the
 * real stdout. Native code writing to file descriptor 1 directly is not
 * caught here; none of our dependencies does (checked with `--json | jq`).
 */
export function divertStdout(): DivertedStdout {
  const stdout = process.stdout;
  const realWrite = stdout.write;
  const toStderr: (...args: unknown[]) => boolean = (...args) => (process.stderr.write as (...rest: unknown[]) => boolean).apply(process.stderr, args);
  stdout.write = toStderr as typeof stdout.write;
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        realWrite.call(stdout, text, "utf8", (error?: Error | null) => (error ? reject(error) : resolve()));
      }),
    restore() {
      stdout.write = realWrite;
    },
  };
}
