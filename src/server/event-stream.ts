import type { Response } from "express";

/** How often a stream that has nothing to send yet sends an SSE comment. */
const HEARTBEAT_MS = 10_000;

/** An open server-sent-events response. */
export interface EventStream {
  /** Aborted when the client goes away or the server ends the stream for a shutdown. */
  signal: AbortSignal;
  /** Writes one formatted event (or comment); a no-op once the stream has ended. */
  write(text: string): void;
  /** Ends the response (once). */
  end(): void;
}

/**
 * Starts an SSE response: headers that keep proxies from buffering it, a
 * heartbeat so a quiet stream (an LLM answer is sent once verified) is not
 * closed as idle, and the shutdown rule: when the server is closing, the
 * stream gets `finalEvent` (an error event for /api/chat/stream, `[DONE]`
 * for /v1) and ends, so the client knows to ask again instead of hanging.
 */
export function openEventStream(response: Response, options: { finalEvent: string }): EventStream {
  const disconnected = new AbortController();
  // "close" also fires after a normal end; aborting a finished stream is a no-op.
  response.on("close", () => disconnected.abort());
  const closing = response.locals.closeStreams;
  const signal = closing ? AbortSignal.any([disconnected.signal, closing]) : disconnected.signal;
  response.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-transform",
    // Unless a shutdown already asked for `Connection: close`.
    ...(response.hasHeader("Connection") ? {} : { Connection: "keep-alive" }),
    // Tells nginx-style proxies not to buffer the stream.
    "X-Accel-Buffering": "no",
  });
  response.flushHeaders();
  const write = (text: string) => {
    if (!response.writableEnded && !response.destroyed) response.write(text);
  };
  const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
  const end = () => {
    clearInterval(heartbeat);
    if (!response.writableEnded) response.end();
  };
  const onClosing = () => {
    write(options.finalEvent);
    end();
  };
  if (closing?.aborted) onClosing();
  else closing?.addEventListener("abort", onClosing, { once: true });
  response.on("close", () => {
    clearInterval(heartbeat);
    closing?.removeEventListener("abort", onClosing);
  });
  return { signal, write, end };
}
