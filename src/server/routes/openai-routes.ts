import { randomUUID } from "node:crypto";
import express, { Router } from "express";
import { apiKeyOf } from "../../auth/authenticate.js";
import { requireKeyUnlessPublic } from "../../auth/require-key.js";
import type { AnswerRecorder } from "../../conversations/answer-recorder.js";
import { NotFoundError } from "../../errors/app-errors.js";
import { completionChunk, completionResponse, referenceList, type CompletionEnvelope } from "../../openai-compat/completion-response.js";
import { completionRequestSchema, MODEL_ID, toChatRequest } from "../../openai-compat/completion-request.js";
import { openAiErrorEvent, toOpenAiError } from "../../openai-compat/openai-error.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import type { Caller } from "../../conversations/caller.js";
import { openEventStream } from "../event-stream.js";
import { formatSseData } from "../format-sse.js";
import { parseInput } from "../parse-request.js";
import { routeFallback } from "../route-fallback.js";

/** The last event of every OpenAI-style stream. */
const doneEvent = formatSseData("[DONE]");

/** Clients resend the whole conversation each time: a larger body than /api's. */
const BODY_LIMIT = "1mb";

/** The model list's one entry; `created` is fixed so that the list does not change between calls. */
const model = { id: MODEL_ID, object: "model", created: 1_735_689_600, owned_by: "qiwen" };

/**
 * The OpenAI-compatible API under /v1: `POST /chat/completions` (whole, or
 * streamed as `chat.completion.chunk` events ending with `data: [DONE]`) and
 * `GET /models`. The answer, citations and units are those of /api/chat; the
 * citations also go in a `citations` field beside `choices`. Errors come in
 * OpenAI's shape (mount `openAiErrorHandler` after it, so that the
 * authentication in front of it answers that way too). Every answer is
 * stored, without a conversation.
 */
export function openAiRoutes(services: QiwenServices, recorder: AnswerRecorder): Router {
  const router = Router();
  router.use(requireKeyUnlessPublic(services.config.publicChat));
  router.use(express.json({ limit: BODY_LIMIT }));

  router.get("/models", (_request, response) => {
    response.json({ object: "list", data: [model] });
  });
  router.get("/models/:id", (request, response) => {
    if (request.params.id !== MODEL_ID) throw new NotFoundError(`model "${request.params.id}" does not exist; the only model is "${MODEL_ID}"`, { openAiCode: "model_not_found" });
    response.json(model);
  });

  router.post("/chat/completions", async (request, response) => {
    const body = parseInput(completionRequestSchema, request.body, "body");
    const chat = toChatRequest(body);
    const key = apiKeyOf(response);
    const caller: Caller = { owner: null, client: key?.name ?? body.user ?? null, isAdmin: key?.role === "admin" };
    const envelope: CompletionEnvelope = { id: `chatcmpl-${randomUUID()}`, created: Math.floor(Date.now() / 1000), model: MODEL_ID };
    const record = (answer: Parameters<AnswerRecorder["record"]>[0]["response"]) =>
      recorder.record({ request: chat, response: answer, caller, conversationId: null, channel: "openai", log: response.locals.log });

    if (!body.stream) {
      response.json(completionResponse(envelope, await record(await services.answers.answer(chat))));
      return;
    }
    // A missing index is a 503 before the stream starts, not an error event inside it.
    await services.index.current();
    // A shutdown ends the stream as a finished one, which OpenAI clients read without an error.
    const stream = openEventStream(response, { finalEvent: doneEvent });
    stream.write(formatSseData(completionChunk(envelope, { role: "assistant", content: "" })));
    try {
      for await (const event of services.answers.stream(chat, stream.signal)) {
        if (stream.signal.aborted) break;
        if (event.type === "delta") stream.write(formatSseData(completionChunk(envelope, { content: event.text })));
        if (event.type === "error") stream.write(formatSseData(openAiErrorEvent(event.error)));
        if (event.type === "done") {
          const recorded = await record(event.response);
          const references = referenceList(recorded);
          if (references) stream.write(formatSseData(completionChunk(envelope, { content: references })));
          stream.write(formatSseData(completionChunk(envelope, {}, recorded)));
        }
      }
    } catch (error) {
      if (!stream.signal.aborted) stream.write(formatSseData(toOpenAiError(error, response.locals.log).body));
    }
    if (!stream.signal.aborted) stream.write(doneEvent);
    stream.end();
  });

  // A wrong method on one of these is a 405 naming the allowed ones, any other path a 404 (in OpenAI's shape).
  router.use(routeFallback);
  return router;
}
