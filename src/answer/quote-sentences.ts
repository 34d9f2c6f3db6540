import type { IndexedClause } from "../store/indexed-clause.js";
import { compactForMatching, normalizeForSearch } from "../text/normalize.js";
import { splitSentences } from "../text/split-sentences.js";
import type { AnswerLexicon, FactKind } from "./answer-lexicon.js";
import { factKindsOf } from "./question-intent.js";

/** A word of the question itself weighs this many times one from a follow-up's earlier turn or a synonym. */
const OWN_WORD_WEIGHT = 3;
/** A quoted sentence longer than this is cut to its best comma-separated stretch. */
const LONGEST_QUOTE = 110;

/** One sentence of a clause, scored against the question. */
export interface ScoredSentence {
  text: string;
  /** Position in the clause, for document order. */
  index: number;
  /** How much of the question it mentions (longer shared words weigh more). */
  overlap: number;
  /** Whether it holds one of the fact kinds the question asks for. */
  holdsAskedFact: boolean;
}

/**
 * The clause text an answer quotes from: without its unit block (units get a
 * line of their own) and without a leading title sentence (the source line names it).
 */
export function quotableText(clause: Pick<IndexedClause, "text" | "unitText" | "title">): string {
  // Without its unit block a sentence can end in two stops (退出市场。（责任单位：…）。): keep one.
  let text = clause.unitText ? clause.text.replace(clause.unitText, "").trim().replace(/([。；！？])\s*[。；]+/g, "$1") : clause.text;
  if (clause.title && text.startsWith(`${clause.title}。`) && text.length > clause.title.length + 1) text = text.slice(clause.title.length + 1);
  return text;
}

/**
 * The words a quoted sentence is matched on: the search query's (the question,
 * a follow-up's topic, synonyms), with the question's own words weighing most.
 */
export interface QueryWords {
  tokens: readonly string[];
  own: ReadonlySet<string>;
}

/**
 * How much of the question a text mentions: each query word it contains, by length (at most 4), the question's
 * own words weighing most, each times `factor` of the word when one is given (its rarity in the corpus).
 */
export function overlapScore(text: string, words: QueryWords, factor?: (token: string) => number): number {
  const simplified = normalizeForSearch(text).toLowerCase();
  let score = 0;
  for (const token of words.tokens) {
    if (simplified.includes(token)) score += Math.min(token.length, 4) * (words.own.has(token) ? OWN_WORD_WEIGHT : 1) * (factor?.(token) ?? 1);
  }
  return score;
}

/** The sentences of a clause, each scored for the question and the fact kinds it asks for. */
export function scoreSentences(
  clause: Pick<IndexedClause, "text" | "unitText" | "title">,
  words: QueryWords,
  askedFacts: readonly FactKind[],
  lexicon: AnswerLexicon,
): ScoredSentence[] {
  return splitSentences(quotableText(clause)).map((text, index) => {
    const held = askedFacts.length > 0 ? factKindsOf(text, lexicon) : new Set<FactKind>();
    return { text, index, overlap: overlapScore(text, words), holdsAskedFact: askedFacts.some((kind) => held.has(kind)) };
  });
}

/** Best first: a sentence holding the asked fact, then the one mentioning most of the question, then document order. */
export function byRelevance(left: ScoredSentence, right: ScoredSentence): number {
  return Number(right.holdsAskedFact) - Number(left.holdsAskedFact) || right.overlap - left.overlap || left.index - right.index;
}

/**
 * A long sentence cut to the stretch between commas that mentions the most of
 * the question (and the asked fact), marked with … where text was left out.
 * Nothing is reworded: every character comes from the clause.
 */
export function focusSentence(sentence: string, words: QueryWords, askedFacts: readonly FactKind[], lexicon: AnswerLexicon, longest = LONGEST_QUOTE): string {
  if (sentence.length <= longest) return sentence;
  const parts = sentence.match(/[^，,：:]+[，,：:]?/g) ?? [sentence];
  if (parts.length < 2) return sentence;
  const partScore = (part: string) => overlapScore(part, words) + (askedFacts.some((kind) => factKindsOf(part, lexicon).has(kind)) ? 5 : 0);
  const scores = parts.map(partScore);
  let start = scores.indexOf(Math.max(...scores));
  let end = start + 1;
  let length = parts[start]!.length;
  // Grow towards the neighbour that adds more, while the stretch stays short.
  for (;;) {
    const left = start > 0 ? parts[start - 1]! : null;
    const right = end < parts.length ? parts[end]! : null;
    const takeLeft = left !== null && (right === null || scores[start - 1]! > scores[end]!);
    const next = takeLeft ? left : right;
    if (next === null || length + next.length > longest) break;
    length += next.length;
    if (takeLeft) start--;
    else end++;
  }
  let focused = parts.slice(start, end).join("").replace(/[，,：:]$/, "");
  if (start > 0) focused = `…${focused}`;
  if (end < parts.length) focused = `${focused}…`;
  return focused;
}

/** Whether a sentence says again what the answer already quotes (a task-table row restating its measure). */
export function repeatsQuoted(sentence: string, quoted: readonly string[]): boolean {
  const compact = compactForMatching(sentence).replace(/[^\p{L}\p{N}]/gu, "").replace(/…/g, "");
  if (compact.length === 0) return true;
  return quoted.some((text) => {
    const other = compactForMatching(text).replace(/[^\p{L}\p{N}]/gu, "");
    return other.includes(compact) || compact.includes(other);
  });
}
