import { Router, type Request } from "express";
import { chatRequestSchema, type ChatRequest } from "../../answer/chat-schemas.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { toErrorResponse } from "../error-handler.js";
import { formatSseEvent } from "../format-sse.js";
import { parseInput } from "../parse-request.js";
import { resolveFilters } from "../resolve-filters.js";

/** How often a stream that has nothing to send yet sends an SSE comment. */
const HEARTBEAT_MS = 10_000;

/** The validated request, its filters checked against the index being served. */
async function readChatRequest(request: Request, services: QiwenServices): Promise<ChatRequest> {
  const chat = parseInput(chatRequestSchema, request.body, "body");
  const { manifest } = await services.index.current();
  return { ...chat, filters: resolveFilters(chat.filters, manifest) };
}

/**
 * `POST /chat` answers in one JSON response; `POST /chat/stream` sends the
 * same answer as server-sent events (citations, deltas, done). Everything
 * that can be rejected is checked before the stream starts, so those errors
 * are ordinary JSON responses; a failure later becomes an `error` event.
 */
export function chatRoutes(services: QiwenServices): Router {
  const router = Router();

  router.post("/chat", async (request, response) => {
    const chat = await readChatRequest(request, services);
    response.json(await services.answers.answer(chat));
  });

  router.post("/chat/stream", async (request, response) => {
    const chat = await readChatRequest(request, services);
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
    // An LLM answer is sent only once verified: keep proxies from closing a quiet stream meanwhile.
    const heartbeat = setInterval(() => response.write(": keep-alive\n\n"), HEARTBEAT_MS);
    try {
      for await (const event of services.answers.stream(chat, disconnected.signal)) {
        if (disconnected.signal.aborted) break;
        response.write(formatSseEvent(event));
      }
    } catch (error) {
      if (!disconnected.signal.aborted) response.write(formatSseEvent({ type: "error", ...toErrorResponse(error).body }));
    }
    clearInterval(heartbeat);
    response.end();
  });

  return router;
}
