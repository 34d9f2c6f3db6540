import type { Retriever, RetrievedClause } from "../retrieval/retriever.js";
import type { IndexHandle } from "../store/index-handle.js";
import type { AnswerService } from "./answer-service.js";
import type { AnswerEvent, ChatRequest, ChatResponse, ChatTurn, Citation } from "./chat-schemas.js";
import { composeExtractive } from "./compose-extractive.js";
import { decideAnswerable, type AnswerabilityThresholds } from "./decide-answerable.js";
import { refusalMessage } from "./refusal-message.js";
import { toCitation } from "./to-citation.js";

/** Composes an answer with an LLM; returns ok:false (never throws) so the caller falls back. */
export type LlmComposer = (input: {
  question: string;
  history: readonly ChatTurn[];
  clauses: readonly RetrievedClause[];
  unitNames: readonly string[];
  signal?: AbortSignal;
}) => Promise<{ ok: true; answer: string; citedRefs: number[] } | { ok: false; reason: string }>;

/** Splits an answer into stream deltas at line and sentence ends, so a client shows it as it grows. */
export function answerDeltas(answer: string): string[] {
  return answer.match(/[^。\n]*(?:。|\n|$)/g)?.filter((delta) => delta.length > 0) ?? [answer];
}

/**
 * The answer pipeline: retrieve, decide whether the documents answer, compose
 * extractively (always available) and, when an LLM composer is configured, try
 * it and fall back to the extractive answer if it fails verification.
 */
export function createAnswerService(deps: {
  retriever: Retriever;
  index: IndexHandle;
  llm?: LlmComposer;
  thresholds?: AnswerabilityThresholds;
  onLlmFallback?: (reason: string) => void;
}): AnswerService {
  async function answer(request: ChatRequest, signal?: AbortSignal, onCitations?: (response: Pick<ChatResponse, "citations">) => void): Promise<ChatResponse> {
    const started = performance.now();
    const filter = { docIds: request.filters?.docIds, regions: request.filters?.regions };
    const retrieval = await deps.retriever.retrieve(request.question, { history: request.history, filter, limit: request.topK });
    const answerability = decideAnswerable(retrieval, deps.thresholds);
    const timings = () => ({ retrievalMs: round(retrieval.ms), totalMs: round(performance.now() - started) });
    const { segmenter, manifest } = await deps.index.current();
    if (!answerability.answerable) {
      onCitations?.({ citations: [] });
      return { answer: refusalMessage(answerability, manifest.documents), answerable: false, citations: [], mode: "extractive", timings: timings() };
    }
    const citations = retrieval.clauses.map((retrieved, index) => toCitation(retrieved, index + 1));
    if (deps.llm) {
      // Citations wait for the model here: a reply that refuses (cites nothing) has none to show.
      const unitNames = manifest.units.map((unit) => unit.name);
      const composed = await deps.llm({ question: request.question, history: request.history, clauses: retrieval.clauses, unitNames, signal });
      if (composed.ok && composed.citedRefs.length === 0) {
        onCitations?.({ citations: [] });
        return { answer: composed.answer, answerable: false, citations: [], mode: "llm", timings: timings() };
      }
      onCitations?.({ citations });
      if (composed.ok) return { answer: composed.answer, answerable: true, citations, mode: "llm", timings: timings() };
      deps.onLlmFallback?.(composed.reason);
    } else onCitations?.({ citations });
    const extractive = composeExtractive({ understanding: retrieval.understanding, clauses: retrieval.clauses, segmenter });
    return { answer: extractive, answerable: true, citations, mode: "extractive", timings: timings() };
  }

  return {
    answer: (request) => answer(request),
    async *stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<AnswerEvent> {
      // Citations go out as soon as they are known (after retrieval, or after the model in llm mode), before the answer text.
      let citationsReady: (citations: Citation[]) => void = () => undefined;
      const citationsKnown = new Promise<Citation[]>((resolve) => (citationsReady = resolve));
      const pending = answer(request, signal, ({ citations }) => citationsReady(citations));
      pending.catch(() => undefined); // awaited below; this only keeps an abandoned stream from an unhandled rejection
      yield { type: "citations", citations: await Promise.race([citationsKnown, pending.then((response) => response.citations)]) };
      const response = await pending;
      for (const text of answerDeltas(response.answer)) {
        if (signal?.aborted) return;
        yield { type: "delta", text };
      }
      yield { type: "done", response };
    },
  };
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
