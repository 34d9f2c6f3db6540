import type { ChatTurn } from "../answer/chat-schemas.js";
import type { Embedder } from "../embedding/embedder.js";
import { IndexNotReadyError } from "../errors/app-errors.js";
import type { ClauseStore } from "../store/clause-store.js";
import type { IndexHandle } from "../store/index-handle.js";
import type { ClauseFilter } from "../store/indexed-clause.js";
import { isMostlyLatin } from "../text/is-mostly-latin.js";
import { fullTextTokens } from "../text/segment-words.js";
import { loadDictionary } from "./english-dictionary.js";
import { buildEnglishTerms, type EnglishTerms } from "./english-terms.js";
import { fuseRankings, type FusionOptions } from "./fuse-rankings.js";
import { gatherCandidates } from "./gather-candidates.js";
import type { Lexicon } from "./lexicon.js";
import { postProcess, type PostProcessOptions } from "./post-process.js";
import { rerankCandidates, type Reranker } from "./reranker.js";
import type { RetrievalResult, Retriever } from "./retriever.js";
import { understandQuery } from "./understand-query.js";

/** Tuning of the hybrid search; the defaults are what the eval measured best. */
export interface HybridOptions {
  /** How many candidates each search returns before fusion. */
  candidates: number;
  fusion: FusionOptions;
  postProcess: PostProcessOptions;
  /** How many fused candidates a reranker orders. */
  rerankTopN: number;
}

/** How many clauses a search returns when the caller does not say. */
const DEFAULT_LIMIT = 5;
const DUTIES_LIMIT = 10;

export const defaultHybridOptions: HybridOptions = {
  candidates: 40,
  // Measured on eval/questions.jsonl: normalized fusion beat RRF by 0.07 hit@1 and 0.02 hit@5.
  // The weights: a small grid over the three tuning sets (retrieval alone, answerable items); the best sentence
  // counting twice and BM25 0.7 found 237 of 259 evidence clauses first (vs 234 at 1/1/1, 231 without sentences).
  fusion: { method: "normalized", vector: 1, text: 0.7, sentence: 2 },
  // generalPenalty: 0, 0.15, 0.3, 0.6 over the six tuning sets: 0.3 moved two evidence clauses into first place
  // and one into the top five (a plan's 前言 had led them), 0.6 no more.
  postProcess: { unitBoost: 0.1, generalPenalty: 0.3, newest: { boost: 0.15, nearDuplicate: 0.5, window: 10 } },
  rerankTopN: 20,
};

/** Drops the pieces jieba's search mode adds inside longer words (公积, 积金 of 公积金), keeping each word once. */
function wholeTerms(tokens: string[]): string[] {
  const unique = [...new Set(tokens)];
  return unique.filter((token) => !unique.some((other) => other !== token && other.includes(token)));
}

/**
 * The dictionary's words for each store's corpus, built at the first English
 * question a store gets (~0.4 s: the dictionary is read, indexed against the
 * corpus's words and let go). A store that cannot tell which words its
 * clauses hold (a large table searched by LanceDB) gets none, and a missing
 * dictionary none either: English questions then have the glossary alone.
 */
function englishTermsLoader(stopwords: ReadonlySet<string>): (store: ClauseStore) => Promise<EnglishTerms | null> {
  const built = new WeakMap<ClauseStore, Promise<EnglishTerms | null>>();
  const build = async (store: ClauseStore): Promise<EnglishTerms | null> => {
    // null for any token: the store does not know its words' frequencies.
    if (!store.documentFrequency || store.documentFrequency("") === null) return null;
    const entries = await loadDictionary().catch(() => null);
    return entries && buildEnglishTerms(entries, (word) => store.documentFrequency!(word) ?? 0, stopwords);
  };
  return (store) => {
    let terms = built.get(store);
    if (!terms) built.set(store, (terms = build(store)));
    return terms;
  };
}

/** Combines the caller's filter with the documents the question itself names (the caller's wins). */
function effectiveFilter(filter: ClauseFilter | undefined, namedDocIds: string[]): ClauseFilter {
  if (filter?.docIds?.length || filter?.regions?.length) return filter;
  return namedDocIds.length > 0 ? { ...filter, docIds: namedDocIds } : { ...filter };
}

/**
 * Hybrid retrieval in four stages, each a function of its own:
 * understand (places, synonyms, units, follow-ups, `understandQuery`) →
 * candidates (vector search over clauses and over their sentences, BM25 over
 * jieba tokens, one filter, `gatherCandidates`) → fuse (`fuseRankings`) →
 * an optional cross-encoder (`rerankCandidates`) → post-process (unit boost,
 * newest plan, a unit's duties, `postProcess`).
 */
export function createHybridRetriever(deps: {
  index: IndexHandle;
  embedder: Embedder;
  lexicon: Lexicon;
  reranker?: Reranker;
  onRerankFallback?: (reason: string) => void;
  options?: Partial<HybridOptions>;
}): Retriever {
  const options = { ...defaultHybridOptions, ...deps.options };
  const { stopwords } = deps.lexicon;
  const englishTermsOf = englishTermsLoader(deps.lexicon.englishStopwords);
  return {
    async retrieve(question: string, request: { history?: readonly ChatTurn[]; filter?: ClauseFilter; limit?: number } = {}): Promise<RetrievalResult> {
      const started = performance.now();
      const { store, manifest, segmenter } = await deps.index.current();
      if (manifest.embedder !== deps.embedder.name) {
        // Vectors from two models are not comparable: searching would return noise, not an error.
        throw new IndexNotReadyError(
          `the index was built with ${manifest.embedder} but queries are embedded with ${deps.embedder.name}: run \`npm run ingest\` to rebuild it`,
        );
      }
      // Years and bare numbers narrow the documents (2021 → the 2021 plans); they are not what a clause must cover.
      const contentTerms = (text: string) =>
        wholeTerms(segmenter.tokens(text).filter((token) => token.length >= 2 && !stopwords.has(token) && !/^\d+$/.test(token)));
      // Only an English question needs the dictionary's Chinese words.
      const english = isMostlyLatin(question) ? await englishTermsOf(store) : null;
      const englishTerms = english ? (text: string) => english.lookup(text) : undefined;
      const understanding = understandQuery(question, request.history ?? [], manifest, deps.lexicon, contentTerms, englishTerms);
      const filter = effectiveFilter(request.filter, understanding.docIds);
      // A unit's duties list more clauses than an answer quotes, unless the caller asked for a number.
      const limit = request.limit ?? (understanding.asksForUnitDuties ? DUTIES_LIMIT : DEFAULT_LIMIT);
      const tokens = fullTextTokens(segmenter, stopwords, understanding.searchQuery);
      const lists = await gatherCandidates(store, deps.embedder, { searchQuery: understanding.searchQuery, tokens, filter, limit: options.candidates });
      let fused = fuseRankings(lists, options.fusion);
      if (deps.reranker) {
        fused = (await rerankCandidates(deps.reranker, understanding.searchQuery, fused, { topN: options.rerankTopN, onFallback: deps.onRerankFallback })).clauses;
      }
      const candidates = await postProcess(fused, { understanding, store, manifest, filter }, options.postProcess);
      const [bestText, nextText] = lists.text;
      // With a single full-text match there is no lead to speak of: one stray bigram can do that.
      const textLead = bestText && nextText ? { clauseId: bestText.clause.id, ratio: bestText.score / nextText.score } : null;
      const termRarity = store.termRarity?.bind(store);
      return { understanding, textLead, termRarity, clauses: candidates.slice(0, limit), candidates, ms: performance.now() - started };
    },
  };
}
