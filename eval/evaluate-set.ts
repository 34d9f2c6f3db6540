import type { ChatRequest, ChatResponse } from "../src/answer/chat-schemas.js";
import type { EvalItem } from "./question-schema.js";
import { scoreItem, type ItemScore } from "./score.js";

/** One answered question and how long the caller waited for it. */
export interface TimedAnswer {
  response: ChatResponse;
  /** Wall-clock time of the call that produced the response (retries after a 429 excluded). */
  latencyMs: number;
}

/** Something that answers a chat request: the in-process pipeline or the HTTP API. */
export type AnswerFunction = (request: ChatRequest) => Promise<TimedAnswer>;

/** One item of the set with the response it got and its scores. */
export interface EvaluatedItem {
  item: EvalItem;
  response: ChatResponse;
  score: ItemScore;
}

/** Options of {@link evaluateSet}. */
export interface EvaluateSetOptions {
  /** Clauses asked for per question (`topK`); hit@5 looks at the first five of them. */
  k: number;
  /** Called after each item, for the progress bar. */
  onItem?: (done: number, total: number, evaluated: EvaluatedItem) => void;
}

/**
 * Asks every item's question (with its history) through `answer`, one at a
 * time so latencies are not inflated by our own concurrency, and scores each
 * response. Latency is the caller's wall-clock wait rather than the response's
 * own `timings.totalMs`, so over HTTP it includes the network and JSON.
 * A failing call stops the run with the item's id in the message.
 */
export async function evaluateSet(items: readonly EvalItem[], answer: AnswerFunction, options: EvaluateSetOptions): Promise<EvaluatedItem[]> {
  const evaluated: EvaluatedItem[] = [];
  for (const item of items) {
    let timed: TimedAnswer;
    try {
      timed = await answer({ question: item.question, history: item.history, topK: options.k });
    } catch (error) {
      throw new Error(`item ${item.id}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const score = scoreItem(item, timed.response, round(timed.latencyMs));
    const result = { item, response: timed.response, score };
    evaluated.push(result);
    options.onItem?.(evaluated.length, items.length, result);
  }
  return evaluated;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
