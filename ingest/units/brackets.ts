/** Brackets a unit block may stand in, opening → closing (full-width forms too, for text that is not normalised). */
export const OPENERS: Readonly<Record<string, string>> = { "(": ")", "（": "）", "[": "]", "［": "］", "【": "】", "〔": "〕" };
const OPENER_SET = new Set(Object.keys(OPENERS));
/** Closing brackets: any closes any opening one. */
export const CLOSERS: ReadonlySet<string> = new Set(Object.values(OPENERS));
/** Angle brackets only nest (`<以下简称协调办>`); they never hold a block. */
const NESTING_OPENERS = new Set(["<", "＜", "〈"]);
const NESTING_CLOSERS = new Set([">", "＞", "〉"]);

/** A half-open range of offsets into a text. */
export interface Span {
  start: number;
  end: number;
}

export function isOpener(character: string | undefined): boolean {
  return character !== undefined && OPENER_SET.has(character);
}

/**
 * Index of the bracket closing the one opened at `openIndex`, or -1 if it never
 * closes. Any closing bracket closes any opening one: plans write `〔…]`.
 */
export function findClosingBracket(text: string, openIndex: number, end = text.length): number {
  let depth = 0;
  for (let index = openIndex; index < end; index++) {
    const character = text[index]!;
    if (OPENER_SET.has(character)) depth++;
    else if (CLOSERS.has(character)) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Whether the text still has a bracket open at its end (a block continuing on the next line). */
export function hasUnclosedBracket(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (!OPENER_SET.has(text[index]!)) continue;
    const close = findClosingBracket(text, index);
    if (close === -1) return true;
    index = close;
  }
  return false;
}

/** `[（…）]`: a span wholly inside one pair of brackets (or two) gives the inside. */
export function unwrapSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (end - start >= 2 && isOpener(text[start]) && findClosingBracket(text, start, end) === end - 1) {
    start++;
    end--;
  }
  return { start, end };
}

/**
 * Splits a span at separator characters (`separators` lists them) that stand
 * outside any bracket, so `党政办(大数据管理局、外办)` stays whole.
 */
export function splitTopLevel(text: string, span: Span, separators: string): Span[] {
  const parts: Span[] = [];
  let depth = 0;
  let from = span.start;
  for (let index = span.start; index < span.end; index++) {
    const character = text[index]!;
    if (OPENER_SET.has(character) || NESTING_OPENERS.has(character)) depth++;
    else if (CLOSERS.has(character) || NESTING_CLOSERS.has(character)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && separators.includes(character)) {
      parts.push({ start: from, end: index });
      from = index + 1;
    }
  }
  parts.push({ start: from, end: span.end });
  return parts;
}

/** The span without leading and trailing characters matching `junk` (whitespace and separators by default). */
export function trimSpan(text: string, span: Span, junk = /[\s,，、;；:：。.]/): Span {
  let { start, end } = span;
  while (start < end && junk.test(text[start]!)) start++;
  while (end > start && junk.test(text[end - 1]!)) end--;
  return { start, end };
}
