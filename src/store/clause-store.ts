import type { ClauseFilter, IndexedClause, RankedClause, RankedSentence } from "./indexed-clause.js";
import type { IndexManifest } from "./index-manifest.js";

/**
 * Read access to one built index. Retrieval, the API and the eval all go
 * through this interface; the LanceDB implementation is the only one shipped.
 */
export interface ClauseStore {
  /** The manifest of the index this store reads. */
  readonly manifest: IndexManifest;
  /** Nearest clauses to a query vector; score is cosine similarity (1 = identical). */
  vectorSearch(vector: readonly number[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]>;
  /** Clauses by their best sentence's cosine to a query vector, with that sentence; [] for an index built without sentences. */
  sentenceSearch(vector: readonly number[], limit: number, filter?: ClauseFilter): Promise<RankedSentence[]>;
  /** BM25 full-text search over the space-joined `tokens` column; score is BM25. */
  textSearch(tokens: readonly string[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]>;
  /** How rare a search token is across the clauses (BM25's idf); null when this store does not know (a large table searched by LanceDB). */
  termRarity?(token: string): number | null;
  /** How many clauses hold a search token; null when this store does not know (a large table searched by LanceDB). */
  documentFrequency?(token: string): number | null;
  /** One clause by id, or null. */
  getClause(id: string): Promise<IndexedClause | null>;
  /** Every clause matching the filter, in document order. */
  listClauses(filter?: ClauseFilter): Promise<IndexedClause[]>;
  /** Every clause whose units include one of the names (the label-list index), in document order. */
  clausesOfUnits(names: readonly string[], filter?: ClauseFilter): Promise<IndexedClause[]>;
}
