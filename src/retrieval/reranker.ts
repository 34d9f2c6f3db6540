import type { RetrievedClause } from "./retriever.js";

/** A relevance score for one of the documents sent, by its index in the request. */
export interface RerankScore {
  index: number;
  score: number;
}

/** A cross-encoder: scores query–document pairs; throws when it cannot (the caller falls back). */
export interface Reranker {
  /** Names the model in logs and health, e.g. `rerank:bge-reranker-v2-m3`. */
  readonly name: string;
  score(query: string, documents: readonly string[], signal?: AbortSignal): Promise<RerankScore[]>;
}

/** The text a reranker reads for a clause: its title and its text. */
export function rerankDocument(retrieved: RetrievedClause): string {
  const { title, text } = retrieved.clause;
  return title && !text.startsWith(title) ? `${title}。${text}` : text;
}

/**
 * The rerank stage, between fusion and post-processing: the first `topN`
 * fused candidates are ordered by the reranker's relevance score (kept as
 * `rerankScore`; `score` becomes it divided by the best, so later boosts
 * weigh as they do on fused scores), the rest follow in fused order. Any
 * failure — the server down, a timeout, a malformed reply — leaves the fused
 * order as it was and is told to `onFallback`.
 */
export async function rerankCandidates(
  reranker: Reranker,
  query: string,
  clauses: RetrievedClause[],
  options: { topN: number; onFallback?: (reason: string) => void },
): Promise<{ clauses: RetrievedClause[]; reranked: boolean }> {
  const head = clauses.slice(0, options.topN);
  if (head.length < 2) return { clauses, reranked: false };
  let scores: RerankScore[];
  try {
    scores = await reranker.score(query, head.map(rerankDocument));
  } catch (error) {
    options.onFallback?.(`${reranker.name}: ${(error as Error).message}`);
    return { clauses, reranked: false };
  }
  const byIndex = new Map(scores.map(({ index, score }) => [index, score]));
  const relevance = [...byIndex.values()];
  const [lowest, best] = [Math.min(...relevance), Math.max(...relevance)];
  // Relevance in 0–1 (what TEI, Jina and Xinference return) divided by the best; raw logits are spread over 0–1 instead.
  const scale = (score: number) => (lowest >= 0 ? score / (best || 1) : best > lowest ? (score - lowest) / (best - lowest) : 1);
  const ordered = head
    .map((retrieved, index) => ({ retrieved, index, relevance: byIndex.get(index) }))
    .sort((left, right) => (right.relevance ?? -Infinity) - (left.relevance ?? -Infinity) || left.index - right.index)
    .map(({ retrieved, relevance }) => ({ ...retrieved, ...(relevance === undefined ? { score: 0 } : { rerankScore: relevance, score: scale(relevance) }) }));
  // A server that scored only some (top_n) leaves the others, and every clause past topN, below all scored ones in fused order.
  const floor = Math.min(...ordered.map((retrieved) => retrieved.score));
  const lastFused = head.at(-1)!.score || 1;
  const tail = clauses.slice(options.topN).map((retrieved) => ({ ...retrieved, score: floor * (retrieved.score / lastFused) }));
  return { clauses: [...ordered, ...tail], reranked: true };
}
