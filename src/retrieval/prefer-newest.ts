import type { IndexManifest } from "../store/index-manifest.js";
import { compactForMatching } from "../text/normalize.js";
import type { RetrievedClause } from "./retriever.js";

/** How the newest plan of a region is preferred. */
export interface NewestOptions {
  /** Share of the best fused score added to a clause from its region's newest plan when the question asks for the current state. */
  boost: number;
  /** Two clauses of one region whose texts share this share of their character pairs (Dice) say the same thing. */
  nearDuplicate: number;
  /** How many of the best clauses are compared for near-duplicates. */
  window: number;
}

/** Each clause's character pairs, computed once per clause: a version's clauses are loaded once and live as long as it serves. */
const bigramsOfClause = new WeakMap<RetrievedClause["clause"], Set<string>>();

/** The character pairs of a clause's text, for the near-duplicate measure. */
function bigrams(clause: RetrievedClause["clause"]): Set<string> {
  let pairs = bigramsOfClause.get(clause);
  if (pairs) return pairs;
  const compact = compactForMatching(clause.text);
  pairs = new Set<string>();
  for (let at = 0; at + 1 < compact.length; at++) pairs.add(compact.slice(at, at + 2));
  bigramsOfClause.set(clause, pairs);
  return pairs;
}

/** Dice coefficient of two bigram sets: 1 for the same text, 0 for nothing in common. */
export function textOverlap(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const pair of left) if (right.has(pair)) shared++;
  return (2 * shared) / (left.size + right.size);
}

/** The year of each region's newest plan in the index. */
function newestYears(manifest: IndexManifest): Map<string, number> {
  const newest = new Map<string, number>();
  for (const document of manifest.documents) newest.set(document.region, Math.max(newest.get(document.region) ?? 0, document.year));
  return newest;
}

/**
 * The newest plan first, in two cases. A question about the current state
 * (最新 / 现在 / 今年 / 目前) lifts every clause of its region's newest plan. And
 * when two plans of one region say the same thing (near-duplicate clauses
 * among the best), the newer one moves just above the older: a caller gets
 * today's wording, with the older plan still cited after it. Plans of
 * different regions are never compared. Returns the clauses re-sorted.
 */
export function preferNewest(clauses: RetrievedClause[], wantsNewest: boolean, manifest: IndexManifest, options: NewestOptions): RetrievedClause[] {
  if (wantsNewest && clauses.length > 0) {
    const newest = newestYears(manifest);
    // A share of the best score, not a constant: fused scores grow with the number and weights of the rankings fused.
    const lift = options.boost * Math.max(...clauses.map((retrieved) => retrieved.score));
    for (const retrieved of clauses) if (newest.get(retrieved.clause.region) === retrieved.clause.year) retrieved.score += lift;
    clauses.sort((left, right) => right.score - left.score);
  }
  const window = clauses.slice(0, options.window);
  const pairs = new Map(window.map((retrieved) => [retrieved, bigrams(retrieved.clause)]));
  for (let older = 0; older < window.length; older++) {
    for (let newer = older + 1; newer < window.length; newer++) {
      const [above, below] = [window[older]!, window[newer]!];
      if (above.clause.region !== below.clause.region || below.clause.year <= above.clause.year) continue;
      if (below.score >= above.score || textOverlap(pairs.get(above)!, pairs.get(below)!) < options.nearDuplicate) continue;
      // Just above, not far above: what else ranked between them keeps its place relative to the older one.
      below.score = above.score + 1e-6;
    }
  }
  return clauses.sort((left, right) => right.score - left.score);
}
