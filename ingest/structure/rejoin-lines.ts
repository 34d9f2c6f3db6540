import { hasUnclosedBracket } from "../units/brackets.js";
import { labelAt } from "../units/parse-unit-text.js";
import { isSignatureLine } from "./find-body.js";
import { markerOf } from "./numbering.js";
import { isTable, planParagraph, type PlanItem, type PlanParagraph } from "./plan-paragraph.js";

/** What a complete line can end with: a sentence end, a colon, or the bracket closing a unit block. */
const LINE_END = /[。！？!?；;:：)）\]】〕]$/;
/** Punctuation of a running sentence (quotes and brackets stand in titles too). */
const SENTENCE_PUNCTUATION = /[,，、;；:：。]/;

/** A short line with no sentence inside it: a heading, which the next line never continues. */
export function isTitleShaped(analysisText: string): boolean {
  const compact = analysisText.replace(/\s+/g, "");
  return compact.length <= 40 && !/[。；;！？!?].|[,，、]$/.test(compact);
}

/**
 * The width of a full line in a file exported from a page layout, where lines
 * are broken at the page edge: most lines are full, so the upper quartile of
 * line lengths. Undefined for files with too few lines to tell.
 */
function fullLineLength(paragraphs: readonly PlanParagraph[]): number | undefined {
  if (paragraphs.length < 8) return undefined;
  const lengths = paragraphs.map((paragraph) => paragraph.copy.text.replace(/\s+/g, "").length).sort((left, right) => left - right);
  return lengths[Math.floor(lengths.length * 0.75)];
}

/**
 * Whether the line after `previous` continues its paragraph. A numbered line,
 * a label line (`责任单位：…`) or a heading always starts a new paragraph; a
 * line continues one that has a bracket still open, or that stops without
 * ending (no 。, no closing bracket) and is not a title — a short line is a
 * title when it does not reach the width of a full line.
 */
function continues(previous: PlanParagraph, next: PlanParagraph, fullLength: number | undefined): boolean {
  if (previous.headingLevel || next.headingLevel || next.boldLead) return false;
  const before = previous.copy.text;
  const after = next.copy.text;
  if (markerOf(after) || labelAt(after, 0) || isSignatureLine(previous) || isSignatureLine(next)) return false;
  if (hasUnclosedBracket(before)) return true;
  const full = fullLength !== undefined && before.replace(/\s+/g, "").length >= fullLength * 0.9;
  // A label line goes on after a separator, or where the page edge broke it (…、佛山市顺德区供水 / 有限公司).
  if (labelAt(before, 0)) return /[、,，:：]$/.test(before) || (full && !LINE_END.test(before));
  if (LINE_END.test(before)) return false;
  const marker = markerOf(before);
  if (marker && isTitleShaped(before.slice(marker.length))) return full;
  if (!marker && !SENTENCE_PUNCTUATION.test(before) && before.length <= 40) return full;
  return true;
}

function joinTexts(previous: string, next: string): string {
  const needsSpace = /[A-Za-z0-9]$/.test(previous) && /^[A-Za-z0-9]/.test(next);
  return previous + (needsSpace ? " " : "") + next;
}

/**
 * A text file cannot say where a paragraph ends, and a PDF-to-text export
 * breaks them mid-sentence: lines are joined back into paragraphs by how they
 * end and how the next one starts. Tables stay as they are.
 */
export function rejoinBrokenLines(items: readonly PlanItem[]): PlanItem[] {
  const fullLength = fullLineLength(items.filter((item): item is PlanParagraph => !isTable(item)));
  const result: PlanItem[] = [];
  for (const item of items) {
    const previous = result.at(-1);
    if (!isTable(item) && previous && !isTable(previous) && continues(previous, item, fullLength)) {
      result[result.length - 1] = planParagraph(joinTexts(previous.text, item.text), previous.line, previous);
    } else result.push(item);
  }
  return result;
}
