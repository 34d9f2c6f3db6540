import type { Embedder } from "../embedding/embedder.js";
import type { ClauseStore } from "../store/clause-store.js";
import type { ClauseFilter } from "../store/indexed-clause.js";
import type { CandidateLists } from "./retriever.js";

/** What the candidate stage searches with. */
export interface CandidateQuery {
  /** The text embedded for the vector and sentence searches. */
  searchQuery: string;
  /** The full-text tokens (jieba words and Han bigrams, stopwords out). */
  tokens: readonly string[];
  filter: ClauseFilter;
  /** How many clauses each search returns. */
  limit: number;
}

/**
 * The candidate stage: vector search over whole clauses, over their
 * sentences, and BM25 over the tokens, all with the same filter. Full-text
 * search does not wait for the query vector: it runs while the model embeds.
 */
export async function gatherCandidates(store: ClauseStore, embedder: Embedder, query: CandidateQuery): Promise<CandidateLists> {
  const searchVectors = async (): Promise<Omit<CandidateLists, "text">> => {
    const vector = await embedder.embedQuery(query.searchQuery);
    const [clauses, sentences] = await Promise.all([store.vectorSearch(vector, query.limit, query.filter), store.sentenceSearch(vector, query.limit, query.filter)]);
    return { vector: clauses, sentence: sentences };
  };
  const [vectors, text] = await Promise.all([searchVectors(), store.textSearch(query.tokens, query.limit, query.filter)]);
  return { ...vectors, text };
}
