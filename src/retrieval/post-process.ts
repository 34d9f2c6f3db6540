import type { ClauseStore } from "../store/clause-store.js";
import type { IndexManifest } from "../store/index-manifest.js";
import type { ClauseFilter, IndexedClause } from "../store/indexed-clause.js";
import { preferNewest, type NewestOptions } from "./prefer-newest.js";
import type { QueryUnderstanding, RetrievedClause } from "./retriever.js";

/** Tuning of the post-processing stage. */
export interface PostProcessOptions {
  /** Added to the fused score of a clause whose units include a unit the question names. */
  unitBoost: number;
  /** Taken off the fused score of a general clause (前言, 总体要求, 保障措施): it matches many questions' words and answers few. */
  generalPenalty: number;
  newest: NewestOptions;
}

/**
 * For "what is X responsible for": every clause of the unit, those it leads
 * first, narrative measures before task-table rows (a measure restates its
 * rows), then by how well the question matched them, then document order.
 */
async function rankUnitDuties(store: ClauseStore, units: string[], filter: ClauseFilter, ranked: RetrievedClause[]): Promise<RetrievedClause[]> {
  const named = new Set(units);
  const relevance = new Map(ranked.map((retrieved, index) => [retrieved.clause.id, { retrieved, rank: index }]));
  const leads = (clause: IndexedClause) => clause.leadUnits.some((unit) => named.has(unit));
  const soleLead = (clause: IndexedClause) => clause.leadUnits.length > 0 && clause.leadUnits.every((unit) => named.has(unit));
  const listedFirst = (clause: IndexedClause) => named.has(clause.units[0] ?? "");
  const weight = (clause: IndexedClause) =>
    (leads(clause) ? 2 : 0) + (soleLead(clause) ? 1 : 0) + (clause.kind === "task" ? 0 : 1) + (listedFirst(clause) ? 0.5 : 0);
  return (await store.clausesOfUnits(units, filter))
    .map((clause, order) => ({ clause, order, weight: weight(clause), rank: relevance.get(clause.id)?.rank ?? Number.MAX_SAFE_INTEGER }))
    .sort((left, right) => right.weight - left.weight || left.rank - right.rank || left.order - right.order)
    .map(({ clause }) => relevance.get(clause.id)?.retrieved ?? { clause, score: 0, similarity: 0, textScore: 0, sentenceSimilarity: 0, sentence: null });
}

/**
 * The post-processing stage, after fusion (and the reranker, when there is
 * one): general clauses move down, clauses of a unit the question names move up, the newest plan of a
 * region comes first where the question or near-duplicate clauses call for
 * it, and a question about a unit's duties lists that unit's clauses.
 */
export async function postProcess(
  clauses: RetrievedClause[],
  context: { understanding: QueryUnderstanding; store: ClauseStore; manifest: IndexManifest; filter: ClauseFilter },
  options: PostProcessOptions,
): Promise<RetrievedClause[]> {
  const { understanding } = context;
  let ordered = clauses;
  const named = new Set(understanding.units);
  for (const retrieved of ordered) {
    if (retrieved.clause.kind === "general") retrieved.score -= options.generalPenalty;
    if (retrieved.clause.units.some((unit) => named.has(unit))) retrieved.score += options.unitBoost;
  }
  ordered.sort((left, right) => right.score - left.score);
  ordered = preferNewest(ordered, understanding.wantsNewest, context.manifest, options.newest);
  if (understanding.asksForUnitDuties) ordered = await rankUnitDuties(context.store, understanding.units, context.filter, ordered);
  return ordered;
}
