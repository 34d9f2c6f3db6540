import { z } from "zod";

/** One earlier turn of the conversation. */
export const chatTurnSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().max(8000, "a history turn is at most 8000 characters"),
});
export type ChatTurn = z.infer<typeof chatTurnSchema>;

/** Narrows retrieval to some documents or regions. */
export const chatFiltersSchema = z
  .object({
    docIds: z.array(z.string().min(1)).max(20).optional(),
    regions: z.array(z.string().min(1)).max(20).optional(),
  })
  .strict();
export type ChatFilters = z.infer<typeof chatFiltersSchema>;

/** The body of POST /api/chat and /api/chat/stream, and what `npm run ask` builds. */
export const chatRequestSchema = z
  .object({
    question: z
      .string({ error: "question must be a string" })
      .trim()
      .min(1, "question must not be empty")
      .max(1000, "question is at most 1000 characters"),
    history: z.array(chatTurnSchema).max(20, "history is at most 20 turns").default([]),
    filters: chatFiltersSchema.optional(),
    topK: z.number().int().min(1).max(20).optional(),
  })
  .strict();
export type ChatRequest = z.infer<typeof chatRequestSchema>;
/** What callers may pass before defaults are applied. */
export type ChatRequestInput = z.input<typeof chatRequestSchema>;

/** A clause an answer cites, numbered as the `[n]` markers in the answer. */
export const citationSchema = z.object({
  ref: z.number().int().positive(),
  clauseId: z.string(),
  docId: z.string(),
  docTitle: z.string(),
  region: z.string(),
  path: z.string(),
  title: z.string().nullable(),
  text: z.string(),
  /** The text in Simplified characters, for a document written in Traditional ones; null otherwise. */
  textSimplified: z.string().nullable(),
  /** Every unit as written, leads first; responsible units are those neither lead nor support. */
  units: z.array(z.string()),
  leadUnits: z.array(z.string()),
  supportUnits: z.array(z.string()),
  deadline: z.string().nullable(),
  /** The unit block as written, or null. */
  unitText: z.string().nullable(),
  score: z.number(),
});
export type Citation = z.infer<typeof citationSchema>;

/** The answer to one question, as the API returns it. */
export const chatResponseSchema = z.object({
  /** The stored answer's id (POST /api/feedback's answerId): set by the HTTP API once it has stored the answer. */
  id: z.string().optional(),
  /** The conversation the answer was stored in (HTTP API only). */
  conversationId: z.string().optional(),
  answer: z.string(),
  /** The documents answer the question itself. */
  answerable: z.boolean(),
  /**
   * A near-domain reply: the documents do not answer the question (answerable is
   * false) but have related measures, which the answer names and cites after
   * saying what the documents do not set (文件没有规定…).
   */
  related: z.boolean().default(false),
  citations: z.array(citationSchema),
  mode: z.enum(["extractive", "llm"]),
  timings: z.object({ retrievalMs: z.number(), totalMs: z.number() }),
});
export type ChatResponse = z.infer<typeof chatResponseSchema>;

/** What a streamed answer yields, in order: citations, deltas of text, then done (or error). */
export type AnswerEvent =
  | { type: "citations"; citations: Citation[] }
  | { type: "delta"; text: string }
  | { type: "done"; response: ChatResponse }
  | { type: "error"; error: { code: string; message: string } };
