/**
 * Server-sent events over a fetch body. EventSource cannot POST, so the chat
 * stream is read by hand; this follows the WHATWG event-stream rules closely
 * enough for any conforming server (CR, LF or CRLF line ends; comments;
 * multi-line data; a field split across network chunks).
 */

/** One dispatched event: its name (`message` when unnamed) and its data lines joined by `\n`. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** Incremental parser: feed decoded text in any chunking, get complete events back. */
export class SseParser {
  private pending = "";
  // A chunk may end between the CR and LF of a CRLF pair: remember the CR so
  // the LF that starts the next chunk is not read as a second (empty) line.
  private afterCarriageReturn = false;
  private eventName = "";
  private dataLines: string[] = [];
  private lastId: string | undefined;

  /** Adds text; returns the events completed by it, in order. */
  push(text: string): SseEvent[] {
    let input = text;
    if (this.afterCarriageReturn && input.startsWith("\n")) input = input.slice(1);
    this.afterCarriageReturn = false;
    this.pending += input;
    const events: SseEvent[] = [];
    let start = 0;
    for (let index = 0; index < this.pending.length; index++) {
      const character = this.pending[index];
      if (character !== "\n" && character !== "\r") continue;
      this.processLine(this.pending.slice(start, index), events);
      if (character === "\r") {
        if (index + 1 === this.pending.length) this.afterCarriageReturn = true;
        else if (this.pending[index + 1] === "\n") index++;
      }
      start = index + 1;
    }
    this.pending = this.pending.slice(start);
    return events;
  }

  /** Ends the stream. An event without its closing blank line is discarded, as the spec says. */
  end(): SseEvent[] {
    this.pending = "";
    this.eventName = "";
    this.dataLines = [];
    return [];
  }

  private processLine(line: string, events: SseEvent[]): void {
    if (line === "") {
      if (this.dataLines.length > 0) {
        const event: SseEvent = { event: this.eventName || "message", data: this.dataLines.join("\n") };
        if (this.lastId !== undefined) event.id = this.lastId;
        events.push(event);
      }
      this.eventName = "";
      this.dataLines = [];
      return;
    }
    if (line.startsWith(":")) return; // comment, often a keep-alive
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "event") this.eventName = value;
    else if (field === "data") this.dataLines.push(value);
    else if (field === "id" && !value.includes("\0")) this.lastId = value;
    // `retry` and unknown fields are ignored: the console never reconnects a chat stream.
  }
}

/**
 * Reads a byte stream to its end, calling `onEvent` for each event as soon as
 * it is complete. UTF-8 is decoded in streaming mode so a Chinese character
 * split across two chunks is not mangled.
 */
export async function readSseStream(body: ReadableStream<Uint8Array>, onEvent: (event: SseEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder("utf-8");
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) onEvent(event);
    }
    for (const event of parser.push(decoder.decode())) onEvent(event);
    parser.end();
    finished = true;
  } finally {
    // A handler that throws (an `error` event, a bad `done`) stops the read:
    // cancel so the connection is closed instead of left draining.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
