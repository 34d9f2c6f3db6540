import { scanUnitBlocks } from "../units/find-unit-blocks.js";
import { markerOf } from "./numbering.js";
import { isTable, type PlanItem, type PlanParagraph } from "./plan-paragraph.js";

/** A short line that is neither numbered, nor a heading, nor a unit block: what a page header or footer looks like. */
function headerLike(paragraph: PlanParagraph): boolean {
  const compact = paragraph.copy.text.replace(/\s+/g, "");
  if (paragraph.headingLevel || paragraph.boldLead || compact.length > 40 || /[。；;，,：:]/.test(compact) || markerOf(compact)) return false;
  return scanUnitBlocks(paragraph.copy.text).blocks.length === 0;
}

/**
 * A PDF exported to text repeats its running header on every page: a short
 * line that recurs in the body, or repeats the title above it, is dropped, so
 * the sentence it interrupted can be rejoined.
 */
export function withoutRunningHeaders(items: readonly PlanItem[]): PlanItem[] {
  const first = items.findIndex((item) => !isTable(item) && markerOf(item.copy.text) !== null);
  if (first === -1) return [...items];
  const key = (paragraph: PlanParagraph) => paragraph.copy.text.replace(/\s+/g, "");
  const above = new Set(items.slice(0, first).flatMap((item) => (!isTable(item) && headerLike(item) ? [key(item)] : [])));
  const counts = new Map<string, number>();
  for (const item of items.slice(first)) if (!isTable(item) && headerLike(item)) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return items.filter((item, index) => index <= first || isTable(item) || !headerLike(item) || (!above.has(key(item)) && (counts.get(key(item)) ?? 0) < 2));
}
