import { Router, type Request } from "express";
import { z } from "zod";
import { chatRequestSchema, type ChatRequest } from "../../answer/chat-schemas.js";
import type { AnswerRecorder } from "../../conversations/answer-recorder.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { callerOf } from "../caller.js";
import { toErrorResponse } from "../error-handler.js";
import { openEventStream } from "../event-stream.js";
import { formatSseEvent } from "../format-sse.js";
import { parseInput } from "../parse-request.js";
import { resolveFilters } from "../resolve-filters.js";

/** The chat body over HTTP: the question and, to continue one, the conversation it belongs to. */
const httpChatRequestSchema = chatRequestSchema.extend({
  conversationId: z.uuid("expected the id a previous answer returned").optional(),
});

/** What a stream's client reads when a shutdown ends the stream before its answer is done. */
const shuttingDownEvent = formatSseEvent({
  type: "error",
  error: { code: "shutting_down", message: "服务正在重启，请稍后重新提问。The server is restarting: ask again in a moment." },
});

/** The validated request, its filters checked against the index being served, and its conversation's id. */
async function readChatRequest(request: Request, services: QiwenServices): Promise<{ chat: ChatRequest; conversationId?: string }> {
  const { conversationId, ...chat } = parseInput(httpChatRequestSchema, request.body, "body");
  const { manifest } = await services.index.current();
  return { chat: { ...chat, filters: resolveFilters(chat.filters, manifest) }, conversationId };
}

/**
 * `POST /chat` answers in one JSON response; `POST /chat/stream` sends the
 * same answer as server-sent events (citations, deltas, done). Every answer is
 * stored, and carries its `id` and `conversationId`. Everything that can be
 * rejected is checked before the stream starts, so those errors are ordinary
 * JSON responses; a failure later becomes an `error` event.
 */
export function chatRoutes(services: QiwenServices, recorder: AnswerRecorder): Router {
  const router = Router();

  router.post("/chat", async (request, response) => {
    const caller = callerOf(request, response);
    const { chat, conversationId } = await readChatRequest(request, services);
    const conversation = await recorder.conversationFor(caller, conversationId);
    const answer = await services.answers.answer(chat);
    response.json(await recorder.record({ request: chat, response: answer, caller, conversationId: conversation, channel: "chat", log: response.locals.log }));
  });

  router.post("/chat/stream", async (request, response) => {
    const caller = callerOf(request, response);
    const { chat, conversationId } = await readChatRequest(request, services);
    const conversation = await recorder.conversationFor(caller, conversationId);
    const stream = openEventStream(response, { finalEvent: shuttingDownEvent });
    try {
      for await (const event of services.answers.stream(chat, stream.signal)) {
        if (stream.signal.aborted) break;
        const sent =
          event.type === "done"
            ? { ...event, response: await recorder.record({ request: chat, response: event.response, caller, conversationId: conversation, channel: "stream", log: response.locals.log }) }
            : event;
        stream.write(formatSseEvent(sent));
      }
    } catch (error) {
      if (!stream.signal.aborted) stream.write(formatSseEvent({ type: "error", ...toErrorResponse(error, response.locals.log).body }));
    }
    stream.end();
  });

  return router;
}
