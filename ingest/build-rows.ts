import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Clause } from "../src/corpus/clause.js";
import type { IndexedClause } from "../src/store/indexed-clause.js";
import { quotableText } from "../src/answer/quote-sentences.js";
import { normalizeForSearch } from "../src/text/normalize.js";
import { hanBigrams, type WordSegmenter } from "../src/text/segment-words.js";
import { splitSentences } from "../src/text/split-sentences.js";

/** A clause with its document metadata and the text forms that are searched. */
export interface PreparedClause extends IndexedClause {
  searchText: string;
  tokens: string;
  /** Each sentence of the clause as it is embedded on its own (title first), for sentence-level search. */
  sentences: string[];
}

/** Sentences shorter than this (a bare 。 or a numbering fragment) say too little to be embedded on their own. */
const MIN_SENTENCE_CHARS = 6;

/**
 * The clause's sentences as they are embedded: its text without the unit
 * block, split at sentence ends, each after the clause's title (a sentence
 * alone often does not say what it is about — 实现“一表申请”).
 */
export function sentenceTexts(clause: Pick<Clause, "text" | "unitText" | "title">): string[] {
  const title = clause.title ? normalizeForSearch(clause.title) : "";
  return splitSentences(normalizeForSearch(quotableText(clause)))
    .filter((sentence) => sentence.length >= MIN_SENTENCE_CHARS)
    .map((sentence) => (title && !sentence.startsWith(title) ? `${title} ${sentence}` : sentence));
}

/**
 * What gets embedded and indexed for a clause: the document's short name, the
 * path and title (so "园区2021 注销" finds the right document), then the
 * Simplified text. Tokens also carry the unit text, so a unit's name finds it.
 */
export function prepareClause(clause: Clause, entry: CatalogEntry, segmenter: WordSegmenter): PreparedClause {
  const searchText = normalizeForSearch(`${entry.shortName} ${clause.path} ${clause.title ?? ""}\n${clause.text}`);
  const searchable = `${searchText} ${clause.unitText ?? ""} ${clause.units.join(" ")}`;
  const tokens = [...segmenter.tokens(searchable), ...hanBigrams(searchable)].join(" ");
  return {
    ...clause,
    docTitle: entry.title,
    docShortName: entry.shortName,
    region: entry.region,
    year: entry.year,
    searchText,
    tokens,
    sentences: sentenceTexts(clause),
  };
}
