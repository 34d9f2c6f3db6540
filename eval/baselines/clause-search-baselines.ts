import type { Embedder } from "../../src/embedding/embedder.js";
import { loadLexicon } from "../../src/retrieval/lexicon.js";
import type { IndexHandle } from "../../src/store/index-handle.js";
import { fullTextTokens } from "../../src/text/segment-words.js";
import type { RetrievalBaseline } from "./retrieval-baseline.js";

// Both baselines search 企问's own clause table, so the difference between them
// and 企问 is what the hybrid retriever adds on top of one search alone: query
// understanding (places, synonyms, units, follow-ups, English glossary),
// fusion, and the unit boost. The BM25 baseline tokenises the raw question the
// way the hybrid retriever tokenises its understood query (fullTextTokens).

/** BM25 over the clause table with the raw question's tokens. */
export function createBm25ClausesBaseline(index: IndexHandle): RetrievalBaseline {
  const { stopwords } = loadLexicon();
  return {
    name: "bm25-clauses",
    description: "企问's clause table, BM25 full-text search only, on the raw question's tokens (same tokenisation, no query understanding)",
    async search(question, k) {
      const { store, segmenter } = await index.current();
      const ranked = await store.textSearch(fullTextTokens(segmenter, stopwords, question), k);
      return ranked.map((result) => result.clause.text);
    },
    close: async () => undefined,
  };
}

/** Cosine nearest neighbours over the clause table with the raw question's query vector. */
export function createVectorClausesBaseline(index: IndexHandle, embedder: Embedder): RetrievalBaseline {
  return {
    name: "vector-clauses",
    description: "企问's clause table, vector search only, on the raw question's query embedding (no query understanding)",
    async search(question, k) {
      const { store } = await index.current();
      const ranked = await store.vectorSearch(await embedder.embedQuery(question), k);
      return ranked.map((result) => result.clause.text);
    },
    close: async () => undefined,
  };
}
