import { Router } from "express";
import { z } from "zod";
import { mayUse } from "../../conversations/answer-recorder.js";
import type { ConversationStore, ConversationSummary } from "../../conversations/conversation-store.js";
import { NotFoundError, ValidationError } from "../../errors/app-errors.js";
import { toAnswerView } from "../stored-answer-view.js";
import { callerOf } from "../caller.js";
import { parseInput } from "../parse-request.js";

const listQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(100).default(30) });

function toSummary(conversation: ConversationSummary) {
  return {
    id: conversation.id,
    title: conversation.title,
    answers: conversation.answers,
    createdAt: conversation.createdAt.toISOString(),
    updatedAt: conversation.updatedAt.toISOString(),
  };
}

/**
 * `GET /conversations`: the caller's conversations (by API key, or by the
 * console's X-Client-Id), most recent first; `GET /conversations/:id`: one
 * with its turns, answers and citations. Another caller's conversation is a
 * 404, as if it did not exist.
 */
export function conversationRoutes(store: ConversationStore): Router {
  const router = Router();

  router.get("/conversations", async (request, response) => {
    const { limit } = parseInput(listQuerySchema, request.query, "query");
    const caller = callerOf(request, response);
    if (!caller.owner) {
      throw new ValidationError("conversations are listed per caller: send an X-Client-Id header (the console does) or an API key", { field: "X-Client-Id" });
    }
    response.json({ conversations: (await store.listConversations(caller.owner, limit)).map(toSummary) });
  });

  router.get("/conversations/:id", async (request, response) => {
    const caller = callerOf(request, response);
    const conversation = await store.findConversation(request.params.id);
    if (!conversation || !mayUse(caller, conversation.owner)) throw new NotFoundError(`no conversation ${request.params.id} for this caller`);
    const turns = await store.conversationAnswers(conversation.id);
    response.json({ conversation: toSummary(conversation), turns: turns.map(toAnswerView) });
  });

  return router;
}
