import type { Retriever, RetrievalResult, RetrievedClause } from "../retrieval/retriever.js";
import type { IndexHandle } from "../store/index-handle.js";
import type { IndexManifest } from "../store/index-manifest.js";
import type { WordSegmenter } from "../text/segment-words.js";
import { loadAnswerLexicon, type AnswerLexicon } from "./answer-lexicon.js";
import type { AnswerService } from "./answer-service.js";
import type { AnswerEvent, ChatRequest, ChatResponse, ChatTurn, Citation } from "./chat-schemas.js";
import { composeEnglish } from "./compose-english.js";
import { composeExtractive } from "./compose-extractive.js";
import { decideWithModel, loadAnswerableModel } from "./answerable-model.js";
import type { Answerability } from "./answerability.js";
import { isNearDomain } from "./near-domain.js";
import { planAnswer, type AnswerPlan } from "./plan-answer.js";
import { readQuestionIntent } from "./question-intent.js";
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

/** Decides whether the retrieved clauses answer the question (by default the fitted model of lexicon/answerable-model.json). */
export type AnswerabilityDecider = (retrieval: RetrievalResult) => Answerability;

/** Puts an answer plan into words, in the question's language. */
export type PlanComposer = (plan: AnswerPlan, language: "zh" | "en") => string;

/** Splits an answer into stream deltas at line and sentence ends, so a client shows it as it grows. */
export function answerDeltas(answer: string): string[] {
  return answer.match(/[^。\n]*(?:。|\n|$)/g)?.filter((delta) => delta.length > 0) ?? [answer];
}

/** The regions of the documents a question names by place or year. */
function namedRegions(docIds: readonly string[], manifest: IndexManifest): string[] {
  return [...new Set(manifest.documents.filter((document) => docIds.includes(document.id)).map((document) => document.region))];
}

/**
 * The answer pipeline, in replaceable steps: retrieve; decide whether the
 * documents answer (`decide`); plan the extractive answer (lead, support,
 * gaps) and put it into words (`compose`); when an LLM composer is configured
 * and the documents answer, try it and fall back to the extractive answer if
 * it fails verification. A question the documents do not answer but that has
 * related measures (asked for a time limit that no cited sentence sets, or a
 * near-domain question) gets a gap reply: `answerable: false, related: true`.
 */
export function createAnswerService(deps: {
  retriever: Retriever;
  index: IndexHandle;
  llm?: LlmComposer;
  decide?: AnswerabilityDecider;
  compose?: PlanComposer;
  lexicon?: AnswerLexicon;
  onLlmFallback?: (reason: string) => void;
}): AnswerService {
  const lexicon = deps.lexicon ?? loadAnswerLexicon();
  const decide: AnswerabilityDecider =
    deps.decide ??
    ((model) => (retrieval: RetrievalResult) => decideWithModel(model, retrieval))(loadAnswerableModel());
  const compose: PlanComposer = deps.compose ?? ((plan, language) => (language === "en" ? composeEnglish(plan, lexicon) : composeExtractive(plan)));

  function plan(request: ChatRequest, retrieval: RetrievalResult, segmenter: WordSegmenter, manifest: IndexManifest): AnswerPlan | null {
    if (retrieval.clauses.length === 0) return null;
    return planAnswer({
      question: request.question,
      previousQuestion: [...request.history].reverse().find((turn) => turn.role === "user")?.content,
      understanding: retrieval.understanding,
      clauses: retrieval.clauses,
      intent: readQuestionIntent(request.question, request.history, lexicon),
      segmenter,
      lexicon,
      namedRegions: namedRegions(retrieval.understanding.docIds, manifest),
      termRarity: retrieval.termRarity,
    });
  }

  async function answer(request: ChatRequest, signal?: AbortSignal, onCitations?: (response: Pick<ChatResponse, "citations">) => void): Promise<ChatResponse> {
    const started = performance.now();
    const filter = { docIds: request.filters?.docIds, regions: request.filters?.regions };
    const retrieval = await deps.retriever.retrieve(request.question, { history: request.history, filter, limit: request.topK });
    const answerability = decide(retrieval);
    const timings = () => ({ retrievalMs: round(retrieval.ms), totalMs: round(performance.now() - started) });
    const { segmenter, manifest } = await deps.index.current();
    const language = retrieval.understanding.language;
    const planned = plan(request, retrieval, segmenter, manifest);
    const citations = retrieval.clauses.map((retrieved, index) => toCitation(retrieved, index + 1));
    const refusal = (reason: Extract<Answerability, { answerable: false }>, mode: ChatResponse["mode"] = "extractive"): ChatResponse => {
      onCitations?.({ citations: [] });
      return { answer: refusalMessage(reason, manifest.documents, language), answerable: false, related: false, citations: [], mode, timings: timings() };
    };
    const related = (gapPlan: AnswerPlan): ChatResponse => {
      onCitations?.({ citations });
      return { answer: compose(gapPlan, language), answerable: false, related: true, citations, mode: "extractive", timings: timings() };
    };

    if (!answerability.answerable) {
      if (planned?.gap && isNearDomain(answerability, planned, retrieval)) return related(planned);
      return refusal(answerability);
    }
    if (!planned) return refusal({ answerable: false, reason: "no_match" });
    if (planned.gap) return related(planned);
    if (deps.llm) {
      // Citations wait for the model here: a reply that refuses (cites nothing) has none to show.
      const unitNames = manifest.units.map((unit) => unit.name);
      const composed = await deps.llm({ question: request.question, history: request.history, clauses: retrieval.clauses, unitNames, signal });
      // A reply citing nothing is a refusal, and says it in our words, never the model's.
      if (composed.ok && composed.citedRefs.length === 0) return refusal({ answerable: false, reason: "no_match" }, "llm");
      onCitations?.({ citations });
      if (composed.ok) return { answer: composed.answer, answerable: true, related: false, citations, mode: "llm", timings: timings() };
      deps.onLlmFallback?.(composed.reason);
    } else onCitations?.({ citations });
    return { answer: compose(planned, language), answerable: true, related: false, citations, mode: "extractive", timings: timings() };
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
