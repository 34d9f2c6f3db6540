import { scanUnitBlocks } from "../units/find-unit-blocks.js";
import { isTitleShaped } from "./rejoin-lines.js";
import { markerOf } from "./numbering.js";
import { isTable, planParagraph, type PlanItem, type PlanParagraph } from "./plan-paragraph.js";

const SENTENCE_END = /[。；;！？!?]/;
const TRAILING_PUNCTUATION = /^[\s。；;，,、]*/;

/** Whether a paragraph is a heading line (a number and a short title), which a unit block never belongs to. */
function isHeadingLine(paragraph: PlanParagraph): boolean {
  const marker = markerOf(paragraph.copy.text);
  return paragraph.headingLevel !== undefined || (marker !== null && isTitleShaped(paragraph.copy.text.slice(marker.length)));
}

/**
 * A unit block closes its paragraph. Exports put a block at the start of the
 * next line (`(区财政局牵头,…) 33.简化…`) or run the next measure on after it:
 * a leading block goes back to the paragraph it closes, and a paragraph is
 * cut after every block that ends a sentence with text behind it.
 */
export function splitAtUnitBlocks(items: readonly PlanItem[]): PlanItem[] {
  const result: PlanItem[] = [];
  for (const item of items) {
    if (isTable(item)) {
      result.push(item);
      continue;
    }
    let rest: PlanParagraph = item;
    for (;;) {
      const { copy } = rest;
      const block = scanUnitBlocks(copy.text).blocks.find((found) => found.kind !== "inline");
      if (!block) break;
      const written = copy.writtenSpan(block.span.start, block.span.end);
      const previous = result.at(-1);
      // A block that opens a paragraph closes the one before only when the next measure (or nothing) follows it;
      // before running text it is the paragraph's own (`（责任单位：…）推进…`).
      const after = copy.text.slice(block.span.end).replace(/^[\s。；;，,]+/, "");
      const closesPrevious = after === "" || markerOf(after) !== null;
      if (block.span.start === 0 && !closesPrevious) break;
      if (block.span.start === 0 && previous && !isTable(previous) && !isHeadingLine(previous) && block.kind === "bracket") {
        result[result.length - 1] = planParagraph(previous.text + rest.text.slice(0, written.end), previous.line, previous);
      } else {
        const before = copy.text[block.span.start - 1];
        const next = copy.text.slice(block.span.end).replace(/^\s+/, "")[0];
        const endsSentence = before === undefined || SENTENCE_END.test(before) || next === undefined || SENTENCE_END.test(next);
        const tail = rest.text.slice(written.end);
        const punctuation = tail.match(TRAILING_PUNCTUATION)![0];
        if (!endsSentence || tail.slice(punctuation.length).trim() === "") break;
        result.push(planParagraph(rest.text.slice(0, written.end + punctuation.length).trim(), rest.line, rest));
      }
      const remaining = rest.text.slice(written.end).replace(TRAILING_PUNCTUATION, "").trim();
      if (remaining === "") {
        rest = { ...rest, text: "" };
        break;
      }
      rest = planParagraph(remaining, rest.line);
    }
    if (rest.text !== "") result.push(rest);
  }
  return result;
}
