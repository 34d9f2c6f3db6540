import type { AnswerEvent } from "../answer/chat-schemas.js";

/**
 * One answer event as a server-sent event: `event: <type>` and a single
 * `data:` line of JSON (JSON.stringify escapes newlines, so one line is enough).
 */
export function formatSseEvent(event: AnswerEvent): string {
  const data =
    event.type === "citations"
      ? { citations: event.citations }
      : event.type === "delta"
        ? { text: event.text }
        : event.type === "done"
          ? event.response
          : { error: event.error };
  return `event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** One unnamed server-sent event (`data:` only), as OpenAI-style streams send them; `[DONE]` goes as it is. */
export function formatSseData(data: unknown): string {
  return `data: ${data === "[DONE]" ? data : JSON.stringify(data)}\n\n`;
}
