import type { ChatResponse } from "../src/answer/chat-schemas.js";
import { citationRefs } from "../src/text/citation-markers.js";
import { compactForMatching } from "../src/text/normalize.js";
import type { EvalItem, EvalKind } from "./question-schema.js";

// Pure scoring: nothing here knows how an answer was produced, so the same
// functions grade the HTTP API, an in-process pipeline or a baseline. Responses
// are the API's own `ChatResponse`, so the harness and the server cannot drift apart.

/** Retrieval quality of one item: hit in the top 1 / top 5 and the reciprocal rank. */
export interface RetrievalScore {
  id: string;
  kind: EvalKind;
  /** Null for unanswerable items: there is nothing to retrieve. */
  hit1: boolean | null;
  hit5: boolean | null;
  /** 1/rank of the first text holding any evidence string; 0 when none does. */
  reciprocalRank: number | null;
}

/** Everything measured on one item's answer. */
export interface ItemScore extends RetrievalScore {
  /** The item's expected answerability (so reports can split on it). */
  answerable: boolean;
  /** Share of expected units named in the answer text; null when the item expects none. */
  unitRecall: number | null;
  /** Share of expected facts contained in the answer text; null when the item expects none. */
  factRecall: number | null;
  /** The response's `answerable` flag equals the item's. */
  refusalCorrect: boolean;
  /** Every citation marker in the answer (`[n]`, `【n】`, `[n, m]` …) names a returned citation's ref. */
  citationValid: boolean;
  /** An answerable item got `answerable: false` (a refusal or a gap reply); null for unanswerable items. */
  falseRefusal: boolean | null;
  /** Characters of the answer text when the reply answers or names related measures; null for a refusal. */
  answerChars: number | null;
  /** How long the caller waited for the response, as measured by whoever asked (see `evaluateSet`). */
  latencyMs: number;
  /** Diagnostics, so a failing report says what was missing rather than just a number. */
  missingUnits: string[];
  missingFacts: string[];
  invalidMarkers: number[];
}

/** Retrieval-only totals, for baselines that return ranked texts and no answer. */
export interface RetrievalAggregate {
  n: number;
  hit1: number | null;
  hit5: number | null;
  mrr: number | null;
}

/** Totals over a set of scored items; rates are 0–1, null where no item had anything to score. */
export interface Aggregate extends RetrievalAggregate {
  unitRecall: number | null;
  factRecall: number | null;
  refusalAccuracy: number | null;
  citationValidity: number | null;
  /** Share of answerable items that were not answered. */
  falseRefusalRate: number | null;
  /** Median and longest answer, in characters, over replies that answer or name related measures. */
  medianAnswerChars: number | null;
  maxAnswerChars: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

/** How many leading citations count for "hit@5". */
const TOP_K = 5;

/**
 * Hit@1, hit@5 and reciprocal rank of ranked texts against an item's evidence.
 * Texts are compared in the order given (rank 1 first) after `compactForMatching`,
 * so Traditional, full-width or space-broken text still matches.
 */
export function scoreRetrieval(item: EvalItem, rankedTexts: readonly string[]): RetrievalScore {
  if (!item.answerable || item.evidence.length === 0) {
    return { id: item.id, kind: item.kind, hit1: null, hit5: null, reciprocalRank: null };
  }
  const evidence = item.evidence.map(compactForMatching);
  const texts = rankedTexts.map(compactForMatching);
  const firstRank = texts.findIndex((text) => evidence.some((needle) => text.includes(needle)));
  return {
    id: item.id,
    kind: item.kind,
    hit1: evidenceFound(evidence, texts.slice(0, 1), item.evidence_all),
    hit5: evidenceFound(evidence, texts.slice(0, TOP_K), item.evidence_all),
    reciprocalRank: firstRank < 0 ? 0 : 1 / (firstRank + 1),
  };
}

/**
 * Scores one answer response against its item (see `ItemScore` for each
 * measure). `latencyMs` is the caller's wait for the response, which only the
 * caller can measure; it is recorded as given.
 */
export function scoreItem(item: EvalItem, response: ChatResponse, latencyMs: number): ItemScore {
  const retrieval = scoreRetrieval(
    item,
    response.citations.map((citation) => citation.text),
  );
  const answer = compactForMatching(response.answer);
  const missingUnits = item.units.filter((unit) => !answer.includes(compactForMatching(unit)));
  const missingFacts = item.facts.filter((fact) => !answer.includes(compactForMatching(fact)));
  const refs = new Set(response.citations.map((citation) => citation.ref));
  const invalidMarkers = citationRefs(response.answer).filter((marker) => !refs.has(marker));
  return {
    ...retrieval,
    answerable: item.answerable,
    unitRecall: recall(item.units.length, missingUnits.length),
    factRecall: recall(item.facts.length, missingFacts.length),
    refusalCorrect: response.answerable === item.answerable,
    citationValid: invalidMarkers.length === 0,
    falseRefusal: item.answerable ? !response.answerable : null,
    answerChars: response.answerable || response.related ? [...response.answer].length : null,
    latencyMs,
    missingUnits,
    missingFacts,
    invalidMarkers: [...new Set(invalidMarkers)],
  };
}

/** Totals over scored items: means of per-item rates, latency percentiles over all items. */
export function aggregate(scores: readonly ItemScore[]): Aggregate {
  return {
    ...aggregateRetrieval(scores),
    unitRecall: mean(scores.map((score) => score.unitRecall)),
    factRecall: mean(scores.map((score) => score.factRecall)),
    refusalAccuracy: rate(scores.map((score) => score.refusalCorrect)),
    citationValidity: rate(scores.map((score) => score.citationValid)),
    falseRefusalRate: rate(scores.map((score) => score.falseRefusal)),
    medianAnswerChars: percentile(present(scores.map((score) => score.answerChars)), 0.5),
    maxAnswerChars: present(scores.map((score) => score.answerChars)).reduce<number | null>((longest, chars) => Math.max(longest ?? 0, chars), null),
    p50Ms: percentile(
      scores.map((score) => score.latencyMs),
      0.5,
    ),
    p95Ms: percentile(
      scores.map((score) => score.latencyMs),
      0.95,
    ),
  };
}

/** `aggregate` per kind, so one weak query style does not hide in the overall mean. */
export function aggregateByKind(scores: readonly ItemScore[]): Partial<Record<EvalKind, Aggregate>> {
  const byKind: Partial<Record<EvalKind, Aggregate>> = {};
  for (const [kind, group] of groupByKind(scores)) byKind[kind] = aggregate(group);
  return byKind;
}

/** Hit@1, hit@5 and MRR over retrieval-only scores (answerable items only count). */
export function aggregateRetrieval(scores: readonly RetrievalScore[]): RetrievalAggregate {
  return {
    n: scores.length,
    hit1: rate(scores.map((score) => score.hit1)),
    hit5: rate(scores.map((score) => score.hit5)),
    mrr: mean(scores.map((score) => score.reciprocalRank)),
  };
}

/** `aggregateRetrieval` per kind. */
export function aggregateRetrievalByKind(scores: readonly RetrievalScore[]): Partial<Record<EvalKind, RetrievalAggregate>> {
  const byKind: Partial<Record<EvalKind, RetrievalAggregate>> = {};
  for (const [kind, group] of groupByKind(scores)) byKind[kind] = aggregateRetrieval(group);
  return byKind;
}

/**
 * Nearest-rank percentile (p in 0–1) of the values; null for none. Nearest-rank
 * rather than interpolation so the reported latency is one that really happened.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? null;
}

function evidenceFound(evidence: readonly string[], texts: readonly string[], requireAll: boolean): boolean {
  const found = (needle: string) => texts.some((text) => text.includes(needle));
  return requireAll ? evidence.every(found) : evidence.some(found);
}

function recall(expected: number, missing: number): number | null {
  return expected === 0 ? null : (expected - missing) / expected;
}

function present(values: ReadonlyArray<number | null>): number[] {
  return values.filter((value): value is number => value !== null);
}

function mean(values: ReadonlyArray<number | null>): number | null {
  const given = present(values);
  return given.length === 0 ? null : given.reduce((sum, value) => sum + value, 0) / given.length;
}

function rate(values: ReadonlyArray<boolean | null>): number | null {
  return mean(values.map((value) => (value === null ? null : value ? 1 : 0)));
}

function groupByKind<T extends { kind: EvalKind }>(scores: readonly T[]): Map<EvalKind, T[]> {
  const groups = new Map<EvalKind, T[]>();
  for (const score of scores) {
    const group = groups.get(score.kind);
    if (group) group.push(score);
    else groups.set(score.kind, [score]);
  }
  return groups;
}
