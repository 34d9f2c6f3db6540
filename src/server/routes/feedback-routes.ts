import { Router } from "express";
import { z } from "zod";
import type { ConversationStore } from "../../conversations/conversation-store.js";
import { NotFoundError } from "../../errors/app-errors.js";
import { parseInput } from "../parse-request.js";

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .optional()
    .transform((text) => text || null);

const feedbackSchema = z
  .object({
    answerId: z.string({ error: "answerId is required: the id of the answer being rated" }).min(1).max(100),
    rating: z.enum(["up", "down"], { error: 'rating must be "up" or "down"' }),
    reason: optionalText(200),
    comment: optionalText(2000),
  })
  .strict();

/** Called once per stored rating (the metrics counters hang here). */
export type FeedbackHook = (rating: "up" | "down") => void;

/** `POST /feedback {answerId, rating, reason?, comment?}`: rates an answer; a second rating replaces the first. */
export function feedbackRoutes(store: ConversationStore, onFeedback?: FeedbackHook): Router {
  const router = Router();
  router.post("/feedback", async (request, response) => {
    const feedback = parseInput(feedbackSchema, request.body, "body");
    const saved = await store.saveFeedback(feedback.answerId, { rating: feedback.rating, reason: feedback.reason, comment: feedback.comment });
    if (!saved) throw new NotFoundError(`answerId: no answer ${feedback.answerId} (use the id POST /api/chat returned)`, { field: "answerId" });
    onFeedback?.(feedback.rating);
    response.json({ feedback });
  });
  return router;
}
