import { memoizeByText } from "../../src/text/memoize-by-text.js";
import { CLOSERS, findClosingBracket, isOpener, splitTopLevel, trimSpan, unwrapSpan, type Span } from "./brackets.js";
import { closingDeadlineIn, deadlineIn, leadingDeadlineIn } from "./deadline-phrase.js";
import { labelAt, parseUnitText, saysAnything, type UnitParse } from "./parse-unit-text.js";
import { unitLexicon } from "./unit-lexicon.js";
import { isGenericUnit, looksLikeUnit } from "./unit-names.js";

/**
 * Where a paragraph says who carries it out: a block in brackets (labelled,
 * with role verbs, or a bare list of units after a sentence), a label in the
 * text or on a line of its own (`责任单位：…` / `完成时限：…`), or a sentence of
 * the text itself (`由X牵头，Y配合`).
 */
export type UnitBlockKind = "bracket" | "label" | "inline";

/** A unit block found in a paragraph's analysis copy. */
export interface UnitBlock {
  kind: UnitBlockKind;
  /** The block in the analysis copy, brackets included. */
  span: Span;
  parse: UnitParse;
}

/** Every unit block of a paragraph, the spans that looked like one but said nothing readable, and deadlines stated outside blocks. */
export interface UnitBlockScan {
  blocks: UnitBlock[];
  notUnderstood: Span[];
  deadlines: Span[];
}

const SENTENCE_END = /[。；;！？!?]/;
const NAME_END_BEFORE = /[\p{Script=Han}A-Za-z0-9)）]+$/u;

function previousCharacter(text: string, index: number): string | undefined {
  let at = index - 1;
  while (at >= 0 && /\s/.test(text[at]!)) at--;
  return text[at];
}

function nextCharacter(text: string, index: number): string | undefined {
  let at = index;
  while (at < text.length && /\s/.test(text[at]!)) at++;
  return text[at];
}

/** Whether a bracket stands where a sentence ends (`…办理。（A、B）` or `…办理（A、B）。`). */
function atSentenceEnd(text: string, open: number, close: number): boolean {
  const before = previousCharacter(text, open);
  const after = nextCharacter(text, close + 1);
  return before === undefined || SENTENCE_END.test(before) || after === undefined || SENTENCE_END.test(after);
}

/** `区财政局（国资办）`, `各镇（街道）`: a bracket right after a unit's name, or a generic phrase, qualifies it. */
function qualifiesName(text: string, open: number): boolean {
  const word = text.slice(Math.max(0, open - 16), open).match(NAME_END_BEFORE)?.[0];
  return word !== undefined && (looksLikeUnit(word) || isGenericUnit(word.replace(/^.*[、,，;；:：]/, "")));
}

function hasRoleWord(text: string, span: Span): boolean {
  const content = text.slice(span.start, span.end);
  return unitLexicon().labels.some((label) => content.includes(label.text)) || unitLexicon().verbs.some((verb) => content.includes(verb.text));
}

/** Reads the bracket opened at `open`; null when it is an ordinary aside (`(含)`, `(寬帶)`, `（以下简称…）`). */
function readBracket(text: string, open: number, close: number, notUnderstood: Span[]): UnitBlock | null {
  const inner = unwrapSpan(text, { start: open + 1, end: close });
  const span = { start: open, end: close + 1 };
  const labelled = parseUnitText(text, inner);
  if (labelled.hasLabel) {
    if (saysAnything(labelled)) return { kind: "bracket", span, parse: labelled };
    notUnderstood.push(span);
    return null;
  }
  // Without a label every name must read as a unit (or a generic phrase): brackets hold many other things.
  const checked = parseUnitText(text, inner, { checkNames: true });
  if (checked.hasVerb) {
    if (checked.mentions.length > 0 || (checked.generic.length > 0 && checked.rejected.length === 0)) {
      if (checked.rejected.length > 0) notUnderstood.push(span);
      return { kind: "bracket", span, parse: checked };
    }
    return null;
  }
  if (!atSentenceEnd(text, open, close) || qualifiesName(text, open)) return null;
  // A date alone in brackets is a period (`（2024—2026年）`); a deadline says when something is done by.
  const deadlineOnly = checked.mentions.length === 0 && checked.deadlines.length > 0 && /前|完成|到位|建成|实现|上线/.test(text.slice(inner.start, inner.end));
  if (checked.rejected.length === 0 && (checked.mentions.length > 0 || deadlineOnly)) {
    return { kind: "bracket", span, parse: checked };
  }
  if (checked.mentions.length > 0 && hasRoleWord(text, inner)) notUnderstood.push(span);
  return null;
}

/** How many brackets are open at each offset. */
function bracketDepths(text: string): number[] {
  const depths: number[] = [];
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (isOpener(character)) depth++;
    depths.push(depth);
    if (CLOSERS.has(character)) depth = Math.max(0, depth - 1);
  }
  return depths;
}

/** A label standing in the text (or opening its own line), running to the end or to a sentence end not followed by another label. */
function readLabels(text: string, taken: readonly Span[]): UnitBlock[] {
  const blocks: UnitBlock[] = [];
  const depth = bracketDepths(text);
  // A label in brackets of its own (`【责任单位】`) opens where the bracket opens.
  const inside = (index: number) => depth[index]! - (isOpener(text[index]) ? 1 : 0) > 0 || taken.some((span) => index >= span.start && index < span.end);
  const labels: number[] = [];
  for (let index = 0; index < text.length; index++) if (!inside(index) && labelAt(text, index)) labels.push(index);
  let next = 0;
  while (next < labels.length) {
    const start = labels[next]!;
    // The block runs to the first sentence end that no later label follows, or to the end of the paragraph.
    let end = text.length;
    for (let at = start; at < text.length; at++) {
      if (text[at] !== "。" || inside(at)) continue;
      if (!labels.some((label) => label > at)) {
        end = text.slice(at + 1).trim() === "" ? text.length : at + 1;
        break;
      }
    }
    const span = { start, end };
    blocks.push({ kind: "label", span, parse: parseUnitText(text, span) });
    while (next < labels.length && labels[next]! < end) next++;
  }
  return blocks;
}

/**
 * `…，由区发改委牵头，区财政局配合。`: the comma parts that end a sentence and
 * consist only of names with role verbs (or a deadline). At least one part
 * must name a unit by a verb.
 */
function readInlineRoles(text: string, taken: readonly Span[]): UnitBlock[] {
  const blocks: UnitBlock[] = [];
  for (const sentence of splitTopLevel(text, { start: 0, end: text.length }, "。；;！？!?\n")) {
    if (taken.some((span) => span.start < sentence.end && span.end > sentence.start)) continue;
    const parts = splitTopLevel(text, sentence, ",，");
    // A part that starts with a deadline (`10月底前公布首批清单`) or is one (`持续推进`) may close the sentence after the roles.
    let last = parts.length;
    const closing = last > 1 ? closingDeadlineIn(text, parts[last - 1]!) : null;
    if (closing && !deadlineIn(text, parts[last - 1]!)) last--;
    let first = last;
    let named = false;
    while (first > 0) {
      const part = parts[first - 1]!;
      const parse = parseUnitText(text, part, { checkNames: true });
      const roleStatement = parse.hasVerb && parse.rejected.length === 0 && parse.mentions.length + parse.generic.length > 0;
      const deadlineOnly = parse.deadlines.length > 0 && parse.mentions.length === 0 && parse.rejected.length === 0;
      if (!roleStatement && !deadlineOnly) break;
      named ||= roleStatement && parse.mentions.length > 0;
      first--;
    }
    if (first === last || !named) continue;
    const span = trimSpan(text, { start: parts[first]!.start, end: parts[last - 1]!.end });
    const parse = parseUnitText(text, span, { checkNames: true });
    if (closing && last < parts.length) parse.deadlines.push(closing);
    blocks.push({ kind: "inline", span, parse });
  }
  return blocks;
}

/** Finds every unit block of a paragraph's analysis copy, in order (the result is shared: do not change it). */
export const scanUnitBlocks: (text: string) => UnitBlockScan = memoizeByText(scanParagraph);

function scanParagraph(text: string): UnitBlockScan {
  const blocks: UnitBlock[] = [];
  const notUnderstood: Span[] = [];
  for (let index = 0; index < text.length; index++) {
    if (!isOpener(text[index])) continue;
    const close = findClosingBracket(text, index);
    if (close === -1) continue;
    const block = readBracket(text, index, close, notUnderstood);
    if (block) {
      blocks.push(block);
      index = close;
    }
  }
  blocks.push(...readLabels(text, blocks.map((block) => block.span)));
  blocks.push(...readInlineRoles(text, blocks.map((block) => block.span)));
  const taken = blocks.map((block) => block.span);
  const deadlines = splitTopLevel(text, { start: 0, end: text.length }, "。；;！？!?\n,，")
    .filter((part) => !taken.some((span) => span.start < part.end && span.end > part.start))
    .map((part) => leadingDeadlineIn(text, part))
    .filter((span): span is Span => span !== null);
  return { blocks: blocks.sort((left, right) => left.span.start - right.span.start), notUnderstood, deadlines };
}

/** Where a block opened at a label-like bracket never closes: the offset of the bracket, or -1. */
export function findUnclosedUnitBlock(text: string): number {
  for (let index = 0; index < text.length; index++) {
    if (!isOpener(text[index])) continue;
    const close = findClosingBracket(text, index);
    if (close === -1) return labelAt(text, index + 1) || /牵头/.test(text.slice(index, index + 60)) ? index : -1;
    index = close;
  }
  return -1;
}
