import { afterEach, describe, expect, it } from "vitest";
import { divertStdout } from "../../eval/divert-stdout.js";

const originalStdoutWrite = process.stdout.write;
const originalStderrWrite = process.stderr.write;

afterEach(() => {
  process.stdout.write = originalStdoutWrite;
  process.stderr.write = originalStderrWrite;
});

/** Replaces a stream's write with a recorder that reports success at once. */
function record(stream: NodeJS.WriteStream): string[] {
  const written: string[] = [];
  stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    written.push(String(chunk));
    const callback = rest.find((argument) => typeof argument === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof stream.write;
  return written;
}

describe("divertStdout", () => {
  it("sends other writes to stderr and only the caller's write to stdout, until restored", async () => {
    const stdout = record(process.stdout);
    const stderr = record(process.stderr);
    const diverted = divertStdout();
    process.stdout.write("a library's notice\n");
    await diverted.write('{"n":1}\n');
    diverted.restore();
    process.stdout.write("after\n");
    expect(stderr).toEqual(["a library's notice\n"]);
    expect(stdout).toEqual(['{"n":1}\n', "after\n"]);
  });
});
