import type { AnswerEvent, ChatRequest, ChatResponse } from "./chat-schemas.js";

/** Answers questions from the index: the one entry point of the API, the ask command and the eval. */
export interface AnswerService {
  /** The whole answer. */
  answer(request: ChatRequest): Promise<ChatResponse>;
  /** The same answer as events: citations, text deltas, done. */
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent>;
}
