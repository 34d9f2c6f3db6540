import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Jieba } from "@node-rs/jieba";
import { projectRoot } from "../config/app-config.js";
import { normalizeForSearch } from "./normalize.js";

/** Splits Simplified Chinese (and the odd latin word) into search tokens. */
export interface WordSegmenter {
  /** Search-mode tokens of the text, lower-cased, punctuation dropped. */
  tokens(text: string): string[];
}

/**
 * Overlapping character pairs of every run of Han characters. Added to the
 * full-text tokens on both sides, they match where jieba cut a clause and a
 * question differently (`单套制归档` vs `单套 制 归档`).
 */
export function hanBigrams(text: string): string[] {
  const bigrams: string[] = [];
  for (const run of normalizeForSearch(text).match(/\p{Script=Han}{2,}/gu) ?? []) {
    for (let index = 0; index < run.length - 1; index++) bigrams.push(run.slice(index, index + 2));
  }
  return bigrams;
}

/** Where the hand-edited policy terms live. */
export const policyTermsFile = path.join(projectRoot, "lexicon", "policy-terms.txt");

/** Reads a one-term-per-line list, ignoring `#` comments and blank lines. */
export function readTermList(file: string): string[] {
  return readFileSync(file, "utf8")
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, "").trim())
    .filter(Boolean)
    .map((line) => line.split(/\s+/)[0]!);
}

const TOKEN = /[\p{Script=Han}\p{L}\p{N}]/u;

/**
 * jieba's own dictionary, read here rather than through `@node-rs/jieba/dict.js`:
 * that module keeps the 5 MB dictionary and a 6 MB idf table we never use in
 * its exports for the life of the process, while jieba needs the bytes only
 * while it builds its own copy. Read per segmenter and dropped after.
 */
const jiebaDictFile = createRequire(import.meta.url).resolve("@node-rs/jieba/dict.txt");

/**
 * A jieba segmenter that knows the policy terms and the given extra words
 * (the unit names of the corpus). The same words must be used at ingest and at
 * query time, or queries and clauses are cut differently.
 */
export function createWordSegmenter(extraWords: readonly string[] = []): WordSegmenter {
  const jieba = Jieba.withDict(readFileSync(jiebaDictFile));
  const words = [...readTermList(policyTermsFile), ...extraWords].map((word) => normalizeForSearch(word).replace(/\s+/g, ""));
  // A high frequency makes jieba prefer the whole term over its pieces.
  jieba.loadDict(Buffer.from(words.map((word) => `${word} 100000 n`).join("\n")));
  return {
    tokens(text: string): string[] {
      return jieba
        .cutForSearch(normalizeForSearch(text).toLowerCase(), true)
        .map((token) => token.trim())
        .filter((token) => TOKEN.test(token));
    },
  };
}

/**
 * The tokens a full-text search uses for a text: jieba search-mode tokens plus
 * Han bigrams (the same two the `tokens` column holds), stopwords removed.
 */
export function fullTextTokens(segmenter: WordSegmenter, stopwords: ReadonlySet<string>, text: string): string[] {
  return [...segmenter.tokens(text), ...hanBigrams(text)].filter((token) => !stopwords.has(token));
}
