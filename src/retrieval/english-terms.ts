import type { DictionaryEntry } from "./english-dictionary.js";

/** The corpus's Chinese words an English question's words and phrases stand for. */
export interface EnglishTerms {
  /** Chinese words for the English words and phrases of a text, longest phrase first. */
  lookup(text: string): string[];
  /** How many English phrases the index knows. */
  readonly size: number;
}

/** Longest English phrase looked up (risk compensation fund pool is four words). */
const MAX_PHRASE_WORDS = 4;
/** Corpus words kept per English phrase, the most frequent first: more are other senses. */
const WORDS_PER_PHRASE = 2;
const HEADWORD = /^\p{Script=Han}{2,6}$/u;

/** A dictionary gloss as the phrases a question may use: `to attract; to appeal to` → [attract, appeal to]. */
function phrasesOf(gloss: string): string[] {
  return gloss
    .toLowerCase()
    .replace(/\([^)]*\)/g, " ")
    .split(/[;,]/)
    .map((sense) => sense.replace(/^\s*(to\s+)?((be|a|an|the)\s+)?/, "").replace(/\b(sb|sth|one's)\b/g, " ").replace(/\s+/g, " ").trim())
    .filter((sense) => /^[a-z][a-z -]*[a-z]$/.test(sense) && sense.split(" ").length <= MAX_PHRASE_WORDS);
}

/** A word and the forms it may stand for: postdocs → postdoc, subsidies → subsidy, compensation → compensate. */
function variants(word: string): string[] {
  const forms = [word];
  if (word.includes("-")) forms.push(word.replace(/-/g, " "));
  if (word.endsWith("ies")) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith("es")) forms.push(word.slice(0, -2));
  if (word.endsWith("s") && !word.endsWith("ss")) forms.push(word.slice(0, -1));
  if (word.endsWith("ation")) forms.push(`${word.slice(0, -5)}ate`, word.slice(0, -5));
  if (word.endsWith("ing")) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

/**
 * Indexes a Chinese–English dictionary by its English senses, keeping only
 * headwords the corpus holds (`documentFrequency` > 0), so an English
 * question's words map to the plans' own words (postdocs → 博士后, risk → 风险)
 * and not to every sense the dictionary knows. Of several headwords for one
 * phrase the corpus's most frequent come first.
 */
export function buildEnglishTerms(entries: Iterable<DictionaryEntry>, documentFrequency: (word: string) => number, stopwords: ReadonlySet<string>): EnglishTerms {
  const byPhrase = new Map<string, { word: string; frequency: number }[]>();
  for (const entry of entries) {
    if (!HEADWORD.test(entry.simplified)) continue;
    const frequency = documentFrequency(entry.simplified);
    if (frequency === 0) continue;
    for (const phrase of new Set(entry.english.flatMap(phrasesOf))) {
      if (stopwords.has(phrase)) continue;
      const list = byPhrase.get(phrase) ?? [];
      if (!list.some((known) => known.word === entry.simplified)) list.push({ word: entry.simplified, frequency });
      byPhrase.set(phrase, list);
    }
  }
  const words = new Map([...byPhrase].map(([phrase, list]) => [phrase, list.sort((left, right) => right.frequency - left.frequency).slice(0, WORDS_PER_PHRASE).map(({ word }) => word)]));
  const find = (phrase: string, single: boolean) => {
    if (single && stopwords.has(phrase)) return undefined;
    for (const form of variants(phrase)) {
      const found = words.get(form);
      if (found) return found;
    }
    return undefined;
  };
  return {
    size: words.size,
    lookup(text) {
      const tokens = text.toLowerCase().match(/[a-z][a-z-]*/g) ?? [];
      const found: string[] = [];
      for (let index = 0; index < tokens.length; ) {
        let taken = 0;
        for (let length = Math.min(MAX_PHRASE_WORDS, tokens.length - index); length >= 1 && taken === 0; length--) {
          const hit = find(tokens.slice(index, index + length).join(" "), length === 1);
          if (hit) {
            found.push(...hit);
            taken = length;
          }
        }
        index += taken || 1;
      }
      return [...new Set(found)];
    },
  };
}
