import type { WordSegmenter } from "../text/segment-words.js";

/**
 * The key terms a group of questions shares, most widely shared first: jieba
 * words of two or more characters (or latin words) that are not stopwords, a
 * term counted once per question. A term inside a longer chosen one (补贴 in
 * 研发补贴) is left out, so the label reads as distinct words.
 */
export function topicTerms(questions: readonly string[], segmenter: WordSegmenter, stopwords: ReadonlySet<string>, most = 3): string[] {
  const counts = new Map<string, number>();
  for (const question of questions) {
    const words = new Set(segmenter.tokens(question).filter((token) => token.length >= 2 && !stopwords.has(token)));
    for (const word of words) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const ranked = [...counts].sort(([a, countA], [b, countB]) => countB - countA || b.length - a.length || a.localeCompare(b));
  const chosen: string[] = [];
  for (const [word] of ranked) {
    if (chosen.length >= most) break;
    if (chosen.some((other) => other.includes(word) || word.includes(other))) continue;
    chosen.push(word);
  }
  return chosen;
}
