import type { ChatTurn } from "../answer/chat-schemas.js";
import { UpstreamError } from "../errors/app-errors.js";
import type { RetrievedClause } from "../retrieval/retriever.js";
import type { ChatModel } from "./chat-model.js";
import { renderAnswerPrompt } from "./render-answer-prompt.js";
import { verifyLlmAnswer } from "./verify-llm-answer.js";

/** What an LLM answer is composed from. */
export interface ComposeLlmAnswerInput {
  question: string;
  history: readonly ChatTurn[];
  /** The retrieved clauses; the prompt numbers them `[1]…[k]` in this order. */
  clauses: readonly RetrievedClause[];
  chatModel: ChatModel;
  /** The index's unit dictionary, to catch a reply naming a unit its clauses do not. */
  unitNames: readonly string[];
  timeoutMs: number;
  /** Cancels the model call (the client went away). */
  signal?: AbortSignal;
}

/** A verified reply (with the refs it cites), or why there is none, so the caller falls back. */
export type LlmAnswerResult = { ok: true; answer: string; citedRefs: number[] } | { ok: false; reason: string };

/** A reply longer than this is a model running away, not an answer. */
const MAX_REPLY_CHARS = 6000;

class ReplyTooLongError extends Error {}

/** Concatenates the deltas; gives up when the signal fires even if the model ignores it. */
async function collectText(deltas: AsyncIterable<string>, signal: AbortSignal): Promise<string> {
  const iterator = deltas[Symbol.asyncIterator]();
  const aborted = new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  aborted.catch(() => undefined);
  let text = "";
  try {
    for (;;) {
      const step = await Promise.race([iterator.next(), aborted]);
      if (step.done) return text;
      text += step.value;
      if (text.length > MAX_REPLY_CHARS) throw new ReplyTooLongError();
    }
  } finally {
    // Not awaited: a model stuck in next() would block the return as well.
    iterator.return?.().catch(() => undefined);
  }
}

/**
 * Asks the chat model to answer from the retrieved clauses (streamed, then
 * collected) and verifies the reply. Never throws for a model failure: an
 * error, a timeout, a cancellation or a reply that fails verification all
 * return `ok: false` with the reason, and the caller answers extractively.
 */
export async function composeLlmAnswer(input: ComposeLlmAnswerInput): Promise<LlmAnswerResult> {
  if (input.clauses.length === 0) return { ok: false, reason: "no clauses to answer from" };
  const deadline = AbortSignal.timeout(input.timeoutMs);
  const signal = input.signal ? AbortSignal.any([input.signal, deadline]) : deadline;
  let reply: string;
  let systemPrompt = "";
  try {
    const messages = await renderAnswerPrompt({
      question: input.question,
      history: input.history,
      clauses: input.clauses.map((retrieved) => retrieved.clause),
    });
    systemPrompt = messages.find((message) => message.role === "system")?.content ?? "";
    reply = await collectText(input.chatModel.stream(messages, { signal, timeoutMs: input.timeoutMs }), signal);
  } catch (error) {
    if (input.signal?.aborted) return { ok: false, reason: "cancelled" };
    if (deadline.aborted) return { ok: false, reason: `${input.chatModel.name} did not answer within ${input.timeoutMs} ms` };
    if (error instanceof ReplyTooLongError) return { ok: false, reason: `the reply ran past ${MAX_REPLY_CHARS} characters` };
    if (error instanceof UpstreamError) return { ok: false, reason: error.message };
    return { ok: false, reason: `${input.chatModel.name} failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const answer = reply.trim();
  const verdict = verifyLlmAnswer({ answer, clauses: input.clauses.map((retrieved) => retrieved.clause), unitNames: input.unitNames, systemPrompt });
  if (!verdict.ok) return { ok: false, reason: `reply rejected: ${verdict.reason}` };
  return { ok: true, answer, citedRefs: verdict.citedRefs };
}
