import { describe, expect, it } from "vitest";
import { readSseStream, SseParser, type SseEvent } from "../../web/src/sse-reader.js";

const stream = [
  'event: citations\ndata: {"citations":[]}\n\n',
  ": keep-alive\n\n",
  'event: delta\ndata: {"text":"企业注销"}\n\n',
  'event: delta\r\ndata: {"text":"[1]"}\r\n\r\n',
  "event: done\rdata: {}\r\r",
].join("");

const expected: SseEvent[] = [
  { event: "citations", data: '{"citations":[]}' },
  { event: "delta", data: '{"text":"企业注销"}' },
  { event: "delta", data: '{"text":"[1]"}' },
  { event: "done", data: "{}" },
];

function parseInChunks(text: string, sizes: number[]): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let position = 0;
  let index = 0;
  while (position < text.length) {
    const size = sizes[index++ % sizes.length] ?? 1;
    events.push(...parser.push(text.slice(position, position + size)));
    position += size;
  }
  return events;
}

describe("SseParser", () => {
  it("parses a whole stream with LF, CRLF and CR line ends and skips comments", () => {
    expect(new SseParser().push(stream)).toEqual(expected);
  });

  it("gives the same events however the stream is cut into chunks", () => {
    for (const sizes of [[1], [2], [3], [5, 1], [7, 2, 1], [13]]) {
      expect(parseInChunks(stream, sizes), `chunk sizes ${sizes.join(",")}`).toEqual(expected);
    }
  });

  it("does not read a CRLF split across two chunks as two line ends", () => {
    const parser = new SseParser();
    expect(parser.push("data: a\r")).toEqual([]);
    expect(parser.push("\ndata: b\r")).toEqual([]);
    expect(parser.push("\n\r\n")).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("joins multi-line data, removes one leading space, and ignores unknown fields", () => {
    const events = new SseParser().push("event:delta\ndata:  two spaces\ndata:x\nretry: 10\nfoo: bar\n\n");
    expect(events).toEqual([{ event: "delta", data: " two spaces\nx" }]);
  });

  it("does not dispatch an event without data, nor one left unterminated at the end", () => {
    const parser = new SseParser();
    expect(parser.push("event: nothing\n\n")).toEqual([]);
    expect(parser.push("event: delta\ndata: half")).toEqual([]);
    expect(parser.end()).toEqual([]);
  });

  it("carries the last id to following events", () => {
    const events = new SseParser().push("id: 7\ndata: a\n\ndata: b\n\n");
    expect(events).toEqual([
      { event: "message", data: "a", id: "7" },
      { event: "message", data: "b", id: "7" },
    ]);
  });
});

describe("readSseStream", () => {
  it("decodes UTF-8 characters split across byte chunks", async () => {
    const bytes = new TextEncoder().encode(stream);
    // Three-byte chunks cut every Chinese character somewhere in the middle.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 3) controller.enqueue(bytes.slice(offset, offset + 3));
        controller.close();
      },
    });
    const events: SseEvent[] = [];
    await readSseStream(body, (event) => events.push(event));
    expect(events).toEqual(expected);
  });

  it("cancels the stream when a handler throws", async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("event: error\ndata: {}\n\n"));
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(
      readSseStream(body, () => {
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(cancelled).toBe(true);
  });
});
