import * as OpenCC from "opencc-js";

/**
 * Pinyin annotations that the Jiading page put after characters: `區(qū)`, `業(yè)`.
 * Only tone-marked or plain lower-case latin inside ASCII parentheses counts,
 * so `(寬帶)` or `(一)` survive.
 */
export const PINYIN_ANNOTATION = /\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)/g;

const toSimplified = OpenCC.Converter({ from: "t", to: "cn" });

/** Removes pinyin annotations, keeping the characters they annotate. */
export function stripPinyinAnnotations(text: string): string {
  return text.replace(PINYIN_ANNOTATION, "");
}

/** Counts pinyin annotations (for reporting what the cleaner removed). */
export function countPinyinAnnotations(text: string): number {
  return text.match(PINYIN_ANNOTATION)?.length ?? 0;
}

/** Traditional → Simplified Chinese (OpenCC), leaving Simplified text unchanged. */
export function traditionalToSimplified(text: string): string {
  return toSimplified(text);
}

/**
 * Texts normalised, the oldest dropped first when full. Answering normalises the same clause
 * sentences for every question that retrieves them, and OpenCC's conversion
 * was the largest single cost of composing an answer; a lookup costs a hash.
 */
const normalized = new Map<string, string>();
const NORMALIZED_CACHE_SIZE = 20_000;

/**
 * The form used to decide whether one string occurs in another (eval matching,
 * answer verification): search-normalised, with all whitespace removed.
 */
export function compactForMatching(text: string): string {
  return normalizeForSearch(text).replace(/\s+/g, "");
}

/**
 * The one normalisation shared by the corpus and queries: NFKC (full-width
 * letters, digits and punctuation to their plain forms), pinyin annotations
 * removed, Traditional → Simplified. Whitespace is kept; see `compactForMatching`.
 */
export function normalizeForSearch(text: string): string {
  const known = normalized.get(text);
  if (known !== undefined) return known;
  const result = traditionalToSimplified(stripPinyinAnnotations(text.normalize("NFKC")));
  if (normalized.size >= NORMALIZED_CACHE_SIZE) normalized.delete(normalized.keys().next().value!);
  normalized.set(text, result);
  return result;
}
