import type { Response } from "express";

/** How often a stream that has nothing to send yet sends an SSE comment. */
const HEARTBEAT_MS = 10_000;

/** An open `text/event-stream` response. */
export interface EventStream {
  /** Aborted when the client hangs up. */
  signal: AbortSignal;
  /** Stops the heartbeat and ends the response. */
  end(): void;
}

/**
 * Starts a server-sent event response: headers that keep proxies from
 * buffering it, and a comment every 10 s so that a proxy does not close a
 * stream that is quiet while an LLM answer is being verified.
 */
export function openEventStream(response: Response): EventStream {
  const disconnected = new AbortController();
  // "close" also fires after a normal end; aborting a finished answer is a no-op.
  response.on("close", () => disconnected.abort());
  response.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    Connection: "keep-alive",
    // Tells nginx-style proxies not to buffer the stream.
    "X-Accel-Buffering": "no",
  });
  response.flushHeaders();
  const heartbeat = setInterval(() => response.write(": keep-alive\n\n"), HEARTBEAT_MS);
  return {
    signal: disconnected.signal,
    end() {
      clearInterval(heartbeat);
      response.end();
    },
  };
}
