import { describe, expect, it } from "vitest";
import { createProgressBar, formatProgress, progressReporter } from "../../src/cli/progress-bar.js";

// One progress module (src/cli/progress-bar.ts) serves `npm run ingest` / `npm start`
// (progressReporter) and the eval (createProgressBar); both are checked here on a fake stream.

/** A stderr stand-in that records what was written. */
function fakeStream(options: { isTTY: boolean; columns?: number }): { stream: NodeJS.WriteStream; output: () => string } {
  const chunks: string[] = [];
  const stream = {
    isTTY: options.isTTY,
    columns: options.columns ?? 0,
    write(chunk: string) {
      chunks.push(chunk);
      return true;
    },
  };
  return { stream: stream as unknown as NodeJS.WriteStream, output: () => chunks.join("") };
}

const CLEAR = "\r\x1b[2K";

describe("formatProgress", () => {
  it("draws a fixed-width bar with the stage and the count", () => {
    expect(formatProgress({ stage: "embed", done: 5, total: 10 })).toBe("[#####.....] embed 5/10");
    expect(formatProgress({ stage: "parse", done: 0, total: 0 }, 4)).toBe("[####] parse 0/0");
  });
});

describe("progressReporter (ingest)", () => {
  it("writes one line per finished step when not on a terminal", () => {
    const { stream, output } = fakeStream({ isTTY: false });
    const progress = progressReporter(stream);
    progress.update({ stage: "parse", done: 1, total: 2 });
    progress.update({ stage: "parse", done: 2, total: 2 });
    progress.update({ stage: "embed", done: 3, total: 3 });
    progress.finish();
    expect(output()).toBe(`${formatProgress({ stage: "parse", done: 2, total: 2 }, 30)}\n${formatProgress({ stage: "embed", done: 3, total: 3 }, 30)}\n`);
  });

  it("redraws one cleared line on a terminal, so a shorter line leaves nothing of a longer one behind", () => {
    const { stream, output } = fakeStream({ isTTY: true, columns: 120 });
    const progress = progressReporter(stream);
    progress.update({ stage: "embed", done: 328, total: 328 });
    progress.update({ stage: "write", done: 1, total: 1 });
    progress.finish();
    expect(output()).toBe(
      `${CLEAR}${formatProgress({ stage: "embed", done: 328, total: 328 }, 30)}${CLEAR}${formatProgress({ stage: "write", done: 1, total: 1 }, 30)}\n`,
    );
  });

  it("does not wrap on a narrow terminal", () => {
    const { stream, output } = fakeStream({ isTTY: true, columns: 30 });
    progressReporter(stream).update({ stage: "embed", done: 1, total: 1 });
    expect(output()).toBe(`${CLEAR}${formatProgress({ stage: "embed", done: 1, total: 1 }, 30).slice(0, 29)}`);
  });
});

describe("createProgressBar (eval)", () => {
  it("leaves one summary line per stage when not on a terminal, and passes notes through", () => {
    const { stream, output } = fakeStream({ isTTY: false });
    const bar = createProgressBar(stream);
    bar.start("企问", 2);
    bar.update(1, "sip-1");
    bar.note("rate-limited: waiting 1 s");
    bar.update(2, "sip-2");
    bar.finish();
    expect(output()).toMatch(/^rate-limited: waiting 1 s\n企问: 2\/2 in \d+\.\d s\n$/);
  });

  it("on a terminal, draws the bar, keeps notes above it and clears it at the end", () => {
    const { stream, output } = fakeStream({ isTTY: true, columns: 100 });
    const bar = createProgressBar(stream);
    bar.start("judge", 2);
    bar.note("waiting");
    bar.update(2, "x9");
    bar.finish();
    const empty = "░".repeat(24);
    expect(output()).toMatch(
      new RegExp(
        `^\\r\\x1b\\[2Kjudge ${empty} 0/2 \\r\\x1b\\[2Kwaiting\\n\\r\\x1b\\[2Kjudge ${empty} 0/2 \\r\\x1b\\[2Kjudge ${"█".repeat(24)} 2/2 x9\\r\\x1b\\[2Kjudge: 2/2 in \\d+\\.\\d s\\n$`,
      ),
    );
  });

  it("cuts the line by display width, so a wide label does not wrap", () => {
    const { stream, output } = fakeStream({ isTTY: true, columns: 30 });
    createProgressBar(stream).start("企问企问企问", 1);
    const drawn = output().replace(CLEAR, "");
    expect(drawn.startsWith("企问企问企问 ")).toBe(true);
    // 29 cells: six ideographs take twelve.
    expect([...drawn].length).toBe(29 - 6);
  });
});
