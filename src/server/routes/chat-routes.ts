import { Router, type Request } from "express";
import { chatRequestSchema, type ChatRequest } from "../../answer/chat-schemas.js";
import { recordAnswer } from "../../observability/metrics.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { toErrorResponse } from "../error-handler.js";
import { openEventStream } from "../event-stream.js";
import { formatSseEvent } from "../format-sse.js";
import { parseInput } from "../parse-request.js";
import { resolveFilters } from "../resolve-filters.js";

/** What a stream's client reads when a shutdown ends the stream before its answer is done. */
const shuttingDownEvent = formatSseEvent({
  type: "error",
  error: { code: "shutting_down", message: "服务正在重启，请稍后重新提问。The server is restarting: ask again in a moment." },
});

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
    const answer = await services.answers.answer(chat);
    recordAnswer(answer);
    response.json(answer);
  });

  router.post("/chat/stream", async (request, response) => {
    const chat = await readChatRequest(request, services);
    const stream = openEventStream(response, { finalEvent: shuttingDownEvent });
    try {
      for await (const event of services.answers.stream(chat, stream.signal)) {
        if (stream.signal.aborted) break;
        stream.write(formatSseEvent(event));
        if (event.type === "done") recordAnswer(event.response);
      }
    } catch (error) {
      if (!stream.signal.aborted) stream.write(formatSseEvent({ type: "error", ...toErrorResponse(error, response.locals.log).body }));
    }
    stream.end();
  });

  return router;
}
