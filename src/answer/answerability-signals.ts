import type { RetrievalResult } from "../retrieval/retriever.js";
import { termCoverage } from "./answerability.js";

/** The out-of-scope classes (lexicon/out-of-scope.json) that are signals; `configuration` is a rule, not a signal. */
const outOfScopeSignals = { personalServices: "outOfScopePersonal", otherGovernment: "outOfScopeGovernment", generalKnowledge: "outOfScopeGeneral", code: "outOfScopeCode" } as const;

/** The names of the signals the answerable model weighs, in the order of its weights. */
export const signalNames = [
  "bestCosine",
  "bestSentenceCosine",
  "cosineGap",
  "textLead",
  "coverage",
  "topCoverage",
  "contentWords",
  "noContentWords",
  "unknownYear",
  "outOfScopePersonal",
  "outOfScopeGovernment",
  "outOfScopeGeneral",
  "outOfScopeCode",
  "injections",
  "english",
  "followUp",
  "namesPlace",
  "namesUnit",
] as const;
export type SignalName = (typeof signalNames)[number];
export type AnswerabilitySignals = Record<SignalName, number>;

/** How many of the first clauses coverage is measured on (the best of them counts). */
const COVERAGE_CLAUSES = 3;
/** BM25 leads beyond this ratio all say the same: one clause holds the question's words. */
const MAX_TEXT_LEAD = 20;

/**
 * What retrieval says about whether the documents answer a question, as
 * numbers for the answerable model: how similar the best clause and the best
 * sentence are (and how far ahead of the second), how far full-text search's
 * best clause leads, how much of the question's own words one clause covers,
 * how many content words it has, and what the question itself says — a year
 * no plan is from, words of out-of-scope classes, instructions aimed at the
 * assistant, English, a follow-up, a
 * place or unit of the corpus.
 */
export function answerabilitySignals(retrieval: RetrievalResult): AnswerabilitySignals {
  const { understanding, clauses, candidates } = retrieval;
  const similarities = candidates.map((retrieved) => retrieved.similarity).sort((left, right) => right - left);
  const coverageOf = (index: number) => {
    const retrieved = clauses[index];
    return retrieved ? termCoverage(understanding.questionTerms, [`${retrieved.clause.title ?? ""} ${retrieved.clause.text}`]) : 0;
  };
  const lead = retrieval.textLead && retrieval.textLead.clauseId === clauses[0]?.clause.id ? retrieval.textLead.ratio : 1;
  const chinese = understanding.language === "zh";
  const outOfScope = (name: keyof typeof outOfScopeSignals) => Math.min(2, understanding.outOfScope.filter((hit) => hit === name).length);
  return {
    bestCosine: similarities[0] ?? 0,
    bestSentenceCosine: Math.max(0, ...candidates.map((retrieved) => retrieved.sentenceSimilarity)),
    cosineGap: (similarities[0] ?? 0) - (similarities[1] ?? 0),
    textLead: Math.log(Math.min(MAX_TEXT_LEAD, Math.max(1, lead))),
    // An English question's glossary terms are too generic to measure coverage with: it counts as neither covered nor not.
    coverage: chinese ? Math.max(0, ...Array.from({ length: COVERAGE_CLAUSES }, (_, index) => coverageOf(index))) : 0.5,
    topCoverage: chinese ? coverageOf(0) : 0.5,
    contentWords: Math.log1p(understanding.questionTerms.length),
    noContentWords: chinese && understanding.questionTerms.length === 0 ? 1 : 0,
    unknownYear: understanding.unknownYears.length > 0 ? 1 : 0,
    outOfScopePersonal: outOfScope("personalServices"),
    outOfScopeGovernment: outOfScope("otherGovernment"),
    outOfScopeGeneral: outOfScope("generalKnowledge"),
    outOfScopeCode: outOfScope("code"),
    // Whether the question carries an instruction at all: one instruction often matches several patterns (SYSTEM:, 新指令, 你必须回答), so a count would measure the list.
    injections: Math.min(1, understanding.injections),
    english: chinese ? 0 : 1,
    followUp: understanding.followUp ? 1 : 0,
    namesPlace: understanding.docIds.length > 0 ? 1 : 0,
    namesUnit: understanding.units.length > 0 ? 1 : 0,
  };
}
