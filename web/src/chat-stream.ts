import { ApiError, apiErrorFromResponse, toApiError } from "./api-error.js";
import { parseChatResponse, parseCitationList, type ChatRequest, type ChatResponse, type Citation } from "./api-types.js";
import { readSseStream } from "./sse-reader.js";

/** What the chat view wants to hear while an answer streams in. */
export interface ChatStreamHandlers {
  /** The clauses the answer will cite; arrives before any text. */
  onCitations(citations: Citation[]): void;
  /** The answer so far (all deltas concatenated), after each delta. */
  onText(answerSoFar: string): void;
}

/**
 * `POST /api/chat/stream`: reports citations and text as they arrive and
 * resolves with the final answer from the `done` event. Rejects with an
 * ApiError on an HTTP error, an `error` event, a malformed event, or a
 * stream that ends without `done`.
 */
export async function streamChat(
  request: ChatRequest,
  handlers: ChatStreamHandlers,
  options: { baseUrl?: string; signal?: AbortSignal; headers?: Record<string, string> } = {},
): Promise<ChatResponse> {
  try {
    const response = await fetch(`${options.baseUrl ?? ""}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...options.headers },
      body: JSON.stringify(request),
      signal: options.signal,
    });
    if (!response.ok) throw await apiErrorFromResponse(response);
    if (!response.body) throw new ApiError(0, "bad_response", "response has no body");
    // A server (or proxy) that answered with plain JSON instead of a stream is still understood.
    if ((response.headers.get("content-type") ?? "").includes("application/json")) {
      const whole = parseChatResponse(await response.json());
      handlers.onCitations(whole.citations);
      handlers.onText(whole.answer);
      return whole;
    }
    let answerSoFar = "";
    // Assigned inside the callback, which control-flow analysis cannot see.
    let final = null as ChatResponse | null;
    await readSseStream(response.body, (event) => {
      if (final) return;
      const data: unknown = JSON.parse(event.data);
      switch (event.event) {
        case "citations":
          handlers.onCitations(parseCitationList((data as { citations?: unknown } | null)?.citations));
          break;
        case "delta": {
          const text = (data as { text?: unknown } | null)?.text;
          if (typeof text === "string" && text) {
            answerSoFar += text;
            handlers.onText(answerSoFar);
          }
          break;
        }
        case "done":
          final = parseChatResponse(data);
          break;
        case "error": {
          const error = (data as { error?: { code?: unknown; message?: unknown } } | null)?.error;
          const code = typeof error?.code === "string" ? error.code : "stream_error";
          const message = typeof error?.message === "string" ? error.message : "";
          throw new ApiError(statusForCode(code), code, message);
        }
        default:
          break; // unknown events are for future servers, not for us
      }
    });
    if (!final) throw new ApiError(0, "stream_incomplete");
    return final;
  } catch (error) {
    throw toApiError(error);
  }
}

// An `error` event has no HTTP status; map the codes the server uses to the
// status that would carry them, so the wording matches the non-streaming path.
function statusForCode(code: string): number {
  if (code === "invalid_request") return 400;
  if (code === "not_found") return 404;
  if (code === "rate_limited") return 429;
  if (code === "index_not_ready" || code === "model_unavailable") return 503;
  return 500;
}
