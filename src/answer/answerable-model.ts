import { z } from "zod";
import { readJson } from "../retrieval/lexicon.js";
import type { RetrievalResult } from "../retrieval/retriever.js";
import { answerabilitySignals, signalNames, type AnswerabilitySignals } from "./answerability-signals.js";
import type { Answerability } from "./answerability.js";

/** The file `npm run fit:answerable` writes and the service reads. */
export const answerableModelFile = "answerable-model.json";

const perSignal = z.object(Object.fromEntries(signalNames.map((name) => [name, z.number().finite()])) as Record<(typeof signalNames)[number], z.ZodNumber>);

/** A logistic regression over standardised signals, with the threshold chosen by cross-validation. */
export const answerableModelSchema = z.object({
  kind: z.literal("logistic-regression"),
  /** Subtracted from each signal, then divided by its scale (the training set's mean and standard deviation). */
  means: perSignal,
  scales: perSignal,
  weights: perSignal,
  bias: z.number().finite(),
  /** A question is answerable when the model's probability is at least this. */
  threshold: z.number().min(0).max(1),
  /** What the fit measured, kept beside the weights so a reader sees how good they are. */
  fit: z.object({ items: z.number().int(), folds: z.number().int(), l2: z.number(), cv: z.record(z.string(), z.number()) }).loose(),
});
export type AnswerableModel = z.infer<typeof answerableModelSchema>;

/** Reads lexicon/answerable-model.json; a missing or malformed file is a CorpusError naming it. */
export function loadAnswerableModel(): AnswerableModel {
  return readJson(answerableModelFile, answerableModelSchema);
}

/** The model's probability that the documents answer a question with these signals. */
export function answerableProbability(model: Pick<AnswerableModel, "means" | "scales" | "weights" | "bias">, signals: AnswerabilitySignals): number {
  let logit = model.bias;
  for (const name of signalNames) logit += model.weights[name] * ((signals[name] - model.means[name]) / (model.scales[name] || 1));
  return 1 / (1 + Math.exp(-logit));
}

/**
 * What is decided by rule before the model: an empty question, one about
 * only places outside the corpus, and a request for the system prompt, keys
 * or configuration alone are refused; a question
 * for a unit's duties that names a unit is answered. Null: the model decides.
 */
export function ruledAnswerability(retrieval: RetrievalResult): Answerability | null {
  const { understanding, clauses } = retrieval;
  if (understanding.searchQuery.replace(/[\s\p{P}\p{S}]/gu, "").length === 0) return { answerable: false, reason: "empty_question" };
  if (understanding.asksForConfiguration) return { answerable: false, reason: "no_match" };
  if (understanding.elsewhere.length > 0) return { answerable: false, reason: "elsewhere" };
  if (understanding.asksForUnitDuties && clauses.length > 0) return { answerable: true };
  if (clauses.length === 0) return { answerable: false, reason: "no_match" };
  return null;
}

/** The answerable decision: the rules, then the fitted model over the retrieval signals. */
export function decideWithModel(model: AnswerableModel, retrieval: RetrievalResult): Answerability {
  const ruled = ruledAnswerability(retrieval);
  if (ruled) return ruled;
  return answerableProbability(model, answerabilitySignals(retrieval)) >= model.threshold ? { answerable: true } : { answerable: false, reason: "no_match" };
}
