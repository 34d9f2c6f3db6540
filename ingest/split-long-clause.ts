import type { Clause } from "../src/corpus/clause.js";
import { traditionalToSimplified } from "../src/text/normalize.js";
import { splitSentences } from "../src/text/split-sentences.js";

/**
 * Longest clause text embedded whole. bge-small-zh reads 512 tokens (about one
 * per Chinese character) and the embedded text also carries the document name,
 * path and title, so longer paragraphs are cut.
 */
export const MAX_CLAUSE_CHARS = 450;

/** Greedily packs sentences into parts of at most `max` characters (a longer sentence stands alone). */
function packSentences(sentences: string[], max: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const sentence of sentences) {
    if (current && current.length + sentence.length > max) {
      parts.push(current);
      current = "";
    }
    current += sentence;
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * Splits clauses longer than MAX_CLAUSE_CHARS at sentence ends into balanced
 * parts. Every part keeps the clause's units, so a part cited alone still
 * names who is responsible; paths and ids say which part it is.
 */
export function splitLongClauses(clauses: Clause[], max = MAX_CLAUSE_CHARS): Clause[] {
  const result: Clause[] = [];
  for (const clause of clauses) {
    if (clause.text.length <= max) {
      result.push({ ...clause, ordinal: result.length });
      continue;
    }
    const partCount = Math.ceil(clause.text.length / max);
    const parts = packSentences(splitSentences(clause.text), Math.ceil(clause.text.length / partCount) + 40);
    parts.forEach((text, index) => {
      result.push({
        ...clause,
        id: parts.length > 1 ? `${clause.id}.s${index + 1}` : clause.id,
        path: parts.length > 1 ? `${clause.path}（${index + 1}/${parts.length}）` : clause.path,
        text,
        textSimplified: clause.textSimplified === null ? null : traditionalToSimplified(text),
        ordinal: result.length,
      });
    });
  }
  return result;
}
