import { withoutCitationMarkers } from "../../src/text/citation-markers.js";

/** A sentence of a clause, and whether the answer used it. */
export interface ClauseSentence {
  text: string;
  used: boolean;
}

/**
 * Splits clause text into sentences, keeping every character (the parts
 * concatenate back to the input) so the panel can show the text unchanged.
 * A sentence ends after 。！？；!?; or a line break; closing quotes and
 * brackets that follow the stop stay with the sentence they close.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const pattern = /[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』）)]*|\n+|$)/g;
  for (const match of text.matchAll(pattern)) {
    if (match[0] === "") {
      if ((match.index ?? 0) >= text.length) break;
      continue;
    }
    sentences.push(match[0]);
  }
  return sentences;
}

/**
 * Letters and digits only, width-folded: the answer may quote a clause with
 * different punctuation, half-width brackets or added citation markers
 * (`[1]`, `【1】`, `[1, 2]`: the shared marker parser's), and none of that
 * should stop a match.
 */
function comparable(text: string): string {
  return withoutCitationMarkers(text)
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N}]/gu, "")
    .toLowerCase();
}

// Below this many characters a "sentence" (a lone heading number, `等。`)
// would match almost any answer by accident.
const shortestMatchableSentence = 6;
const shortestMatchablePhrase = 6;
// A paraphrasing answer quotes parts of a sentence; when the quoted phrases
// cover this share of the sentence, it counts as used.
const phraseCoverageNeeded = 0.5;

/**
 * Marks the sentences of `clauseText` that appear in `answer`: wholly, or
 * through long enough phrases (split at commas and enumeration marks) that
 * together cover half the sentence or more.
 */
export function highlightUsedSentences(clauseText: string, answer: string): ClauseSentence[] {
  const answerComparable = comparable(answer);
  return splitSentences(clauseText).map((sentence) => ({ text: sentence, used: sentenceUsed(sentence, answerComparable) }));
}

function sentenceUsed(sentence: string, answerComparable: string): boolean {
  const whole = comparable(sentence);
  if (whole.length < shortestMatchableSentence || answerComparable.length === 0) return false;
  if (answerComparable.includes(whole)) return true;
  let covered = 0;
  for (const phrase of sentence.split(/[，,、：:（）()“”"]/)) {
    const part = comparable(phrase);
    if (part.length >= shortestMatchablePhrase && answerComparable.includes(part)) covered += part.length;
  }
  return covered / whole.length >= phraseCoverageNeeded;
}
