import { randomUUID } from "node:crypto";
import type { ChatRequest, ChatResponse } from "../answer/chat-schemas.js";
import { NotFoundError } from "../errors/app-errors.js";
import type { Logger } from "../observability/logger.js";
import type { Caller } from "./caller.js";
import type { AnswerChannel, ConversationStore } from "./conversation-store.js";

/** Called once per answer given, stored or not (the server counts them in its metrics). */
export type AnswerHook = (answer: { mode: ChatResponse["mode"]; answerable: boolean }) => void;

/** Stores every answer the HTTP API gives, in the caller's conversation. */
export interface AnswerRecorder {
  /**
   * The conversation a question goes into: the one named, when the caller may
   * use it (else a 404), or a new id (the conversation is created with its first answer).
   */
  conversationFor(caller: Caller, conversationId: string | undefined): Promise<string>;
  /** Stores the answer and returns it with its `id` and `conversationId`; a store failure is logged (to `log`) and the answer returned without them. */
  record(input: {
    request: ChatRequest;
    response: ChatResponse;
    caller: Caller;
    conversationId: string | null;
    channel: AnswerChannel;
    log: Pick<Logger, "error">;
  }): Promise<ChatResponse>;
}

/** Whether the caller may read or continue a conversation: its owner, an admin, or anyone holding the id of one nobody owns. */
export function mayUse(caller: Caller, owner: string | null): boolean {
  return owner === null || owner === caller.owner || caller.isAdmin;
}

/** The recorder over a store; `storeQuestions` false keeps no question or answer text. */
export function createAnswerRecorder(store: ConversationStore, options: { storeQuestions: boolean; onAnswer?: AnswerHook }): AnswerRecorder {
  return {
    async conversationFor(caller, conversationId) {
      if (conversationId === undefined) return randomUUID();
      const conversation = await store.findConversation(conversationId);
      if (!conversation || !mayUse(caller, conversation.owner)) {
        throw new NotFoundError(`conversationId: no conversation ${conversationId} for this caller (omit conversationId to start a new one)`, {
          field: "conversationId",
        });
      }
      return conversation.id;
    },

    async record({ request, response, caller, conversationId, channel, log }) {
      options.onAnswer?.({ mode: response.mode, answerable: response.answerable });
      try {
        const stored = await store.recordAnswer({
          id: randomUUID(),
          conversationId,
          owner: caller.owner,
          question: options.storeQuestions ? request.question : null,
          answer: options.storeQuestions ? response.answer : null,
          answerable: response.answerable,
          // A refusal that found related clauses ("the documents do not say"): a gap, like a refusal.
          related: response.related,
          citations: response.citations,
          mode: response.mode,
          latencyMs: response.timings.totalMs,
          filters: request.filters ?? null,
          channel,
          client: caller.client,
        });
        return { ...response, id: stored.id, ...(conversationId ? { conversationId } : {}) };
      } catch (error) {
        // The caller still gets the answer: losing one log entry beats losing the answer.
        log.error({ err: error }, "could not store an answer (it was still sent)");
        return response;
      }
    },
  };
}
