import type { StoredAnswer } from "../conversations/conversation-store.js";

/** A stored answer as the conversations and admin routes return it (JSON: dates as ISO strings). */
export function toAnswerView(answer: StoredAnswer) {
  return {
    answerId: answer.id,
    conversationId: answer.conversationId,
    question: answer.question,
    answer: answer.answer,
    answerable: answer.answerable,
    related: answer.related,
    citations: answer.citations,
    mode: answer.mode,
    latencyMs: answer.latencyMs,
    filters: answer.filters,
    channel: answer.channel,
    client: answer.client,
    createdAt: answer.createdAt.toISOString(),
    rating: answer.feedback?.rating ?? null,
    reason: answer.feedback?.reason ?? null,
    comment: answer.feedback?.comment ?? null,
  };
}

/** The JSON shape of {@link toAnswerView}. */
export type AnswerView = ReturnType<typeof toAnswerView>;
