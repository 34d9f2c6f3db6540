import type { ChatTurn } from "../answer/chat-schemas.js";
import type { ClauseFilter, IndexedClause, RankedClause, RankedSentence } from "../store/indexed-clause.js";

/** What the question was understood to ask, before searching. */
export interface QueryUnderstanding {
  /** The question as searched: normalised, synonyms expanded, follow-up resolved. */
  searchQuery: string;
  /** Documents the question names by place or year (a filter or a boost). */
  docIds: string[];
  /** Units of the unit dictionary the question names. */
  units: string[];
  /** The question asks who is responsible (哪个部门 / 谁负责 / which department). */
  asksForUnit: boolean;
  /** The question asks for a number, time limit or amount. */
  asksForNumber: boolean;
  /** The question asks what a unit is responsible for (X负责哪些事项). */
  asksForUnitDuties: boolean;
  /** Places outside the corpus the question names (北京, 杭州 …) while naming none of the corpus's. */
  elsewhere: string[];
  /** Content words of the question itself (no stopwords, places or expansions), to check the clauses cover it. */
  questionTerms: string[];
  /** `en` when the question is mostly latin letters: its words cannot be checked against Chinese clauses. */
  language: "zh" | "en";
  /** The question leans on the previous turn (那…呢, 这个, nothing of its own to search for): its topic was taken from there. */
  followUp: boolean;
  /** The question asks for the current state (最新 / 现在 / 今年 / 目前): the newest plan of a region comes first. */
  wantsNewest: boolean;
  /** Years the question names that no document of the corpus (of the region it names) is from: 2025, or 园区2022 when 园区's plans are of 2021 and 2023. */
  unknownYears: number[];
  /** The out-of-scope classes (lexicon/out-of-scope.json) the question's own words fall in, once per word found. */
  outOfScope: string[];
  /** How many instructions aimed at the assistant (忽略之前的指令, 你现在是…) the question carries; they are not searched for. */
  injections: number;
  /** The question asks for the system prompt, keys or configuration and nothing else: always refused. */
  asksForConfiguration: boolean;
}

/** A clause retrieval found, with its fused score and how it was found. */
export interface RetrievedClause {
  clause: IndexedClause;
  /** Fused score, higher is better; comparable within one query only. */
  score: number;
  /** Cosine similarity of the clause to the question (0–1), used to decide whether anything answers. */
  similarity: number;
  /** BM25 score of the clause for the question's tokens, 0 when full-text search did not find it. */
  textScore: number;
  /** Cosine similarity of the clause's best sentence to the question (0 when sentence search did not find it). */
  sentenceSimilarity: number;
  /** That sentence, as it was embedded; null when sentence search did not find the clause. */
  sentence: string | null;
  /** The cross-encoder's relevance score, when a reranker ordered the clauses. */
  rerankScore?: number;
}

/** What the candidate stage found: each search's ranking for the question, with the same filter. */
export interface CandidateLists {
  vector: RankedClause[];
  text: RankedClause[];
  sentence: RankedSentence[];
}

/** The result of retrieving for one question. */
export interface RetrievalResult {
  understanding: QueryUnderstanding;
  clauses: RetrievedClause[];
  /** Every fused candidate in final order, of which `clauses` are the first: the refusal model reads signals off them. */
  candidates: RetrievedClause[];
  /** How far full-text search's best clause leads its second (BM25 ratio; 0 when nothing matched), and which clause that is. */
  textLead: { clauseId: string; ratio: number } | null;
  /** How rare a word is in the corpus (idf), where the store knows; answers weigh what a sentence shares with the question by it. */
  termRarity?: (token: string) => number | null;
  ms: number;
}

/** Finds the clauses that answer a question. */
export interface Retriever {
  retrieve(question: string, options?: { history?: readonly ChatTurn[]; filter?: ClauseFilter; limit?: number }): Promise<RetrievalResult>;
}
