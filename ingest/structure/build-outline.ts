import { scanUnitBlocks } from "../units/find-unit-blocks.js";
import { markerOf, type Marker } from "./numbering.js";
import { planParagraph, type PlanParagraph } from "./plan-paragraph.js";
import { isTitleShaped } from "./rejoin-lines.js";

/**
 * The plan's own hierarchy. Levels are not fixed: a numbering kind (一、 （一）
 * 1. （1） ① 第X章 第X条), a markdown heading level without a number, or a bold
 * lead sentence becomes a level the first time it appears, nested under the
 * level open at that moment; when it appears again, it closes the levels
 * opened below it. Markdown heading levels only stand in for numbering a
 * plan does not write, so inconsistent `#` marks cannot reorder it.
 */
export interface OutlineNode {
  /** What opened the level: a numbering kind, `h2` for an unnumbered heading, `bold` for a bold lead. */
  key: string;
  /** The number written, or the position among siblings of the same key. */
  number: number;
  /** How paths show the node: `二、`, `（一）`, `7`, `第五条`, the title of an unnumbered heading. */
  label: string;
  marker: Marker | null;
  /** The opening paragraph without its mark (null for the root). */
  head: PlanParagraph | null;
  /** The title as written: the heading line, the bold lead, or a short first sentence. */
  title: string | null;
  /** Whether the head is only a title (its text is not content of its own). */
  titleOnly: boolean;
  /** Whether the head carries a unit block (`1. 推进……建设（责任单位：…）`), which then scopes everything under it. */
  headHasBlocks: boolean;
  /** The opening paragraph as written, mark included. */
  opening: PlanParagraph | null;
  /** Unnumbered paragraphs between the head and the first child. */
  content: PlanParagraph[];
  children: OutlineNode[];
}

/** The first sentence of a paragraph when it reads as a title (`优化企业注销流程。…`), without its 。. */
export function leadingTitle(text: string, maxLength = 40): string | null {
  const end = text.indexOf("。");
  if (end <= 0 || end > maxLength) return null;
  return text.slice(0, end);
}

function withoutTrailingPunctuation(text: string): string {
  return text.replace(/[。.:：；;，,\s]+$/, "");
}

function titleOf(head: PlanParagraph, boldLead: string | undefined): { title: string | null; titleOnly: boolean } {
  if (boldLead) {
    const title = withoutTrailingPunctuation(boldLead);
    return { title: title || null, titleOnly: head.text.length <= boldLead.length };
  }
  if (isTitleShaped(head.copy.text)) return { title: withoutTrailingPunctuation(head.text) || null, titleOnly: true };
  return { title: leadingTitle(head.text), titleOnly: false };
}

function openNode(paragraph: PlanParagraph, key: string, marker: Marker | null, number: number): OutlineNode {
  const headText = marker ? paragraph.text.slice(paragraph.copy.writtenSpan(marker.length, marker.length).start).trim() : paragraph.text;
  const head = planParagraph(headText || paragraph.text, paragraph.line);
  // A bold lead that covered the mark (`**1. 标题。**`) now starts after it.
  const bold = paragraph.boldLead && marker ? paragraph.boldLead.slice(paragraph.text.length - headText.length).trim() : paragraph.boldLead;
  // The title is read without the unit block a heading line may carry.
  const blocks = scanUnitBlocks(head.copy.text).blocks.filter((block) => block.kind !== "inline");
  let titleSource = head;
  for (const block of [...blocks].reverse()) {
    const span = titleSource.copy.writtenSpan(block.span.start, block.span.end);
    titleSource = planParagraph(`${titleSource.text.slice(0, span.start)}${titleSource.text.slice(span.end)}`.trim() || head.text, head.line);
  }
  const { title, titleOnly: titleShaped } = titleOf(titleSource, bold);
  // A sentence closed by its own unit block (`完善…机制。（责任单位：…）`) is a measure, not a title.
  const titleOnly = titleShaped && !(blocks.length > 0 && /[。！？]$/.test(titleSource.copy.text.trim()));
  const label = marker?.label || (key === "bold" || key === "bullet" ? `第${number}项` : `${(title ?? "").slice(0, 12)} `);
  return { key, number, label, marker, head, title, titleOnly, headHasBlocks: blocks.length > 0, opening: paragraph, content: [], children: [] };
}

function headingLevelOf(key: string): number | null {
  const match = key.match(/^h(\d)$/);
  return match ? Number(match[1]) : null;
}

/** Builds the outline of a plan's body paragraphs. */
export function buildOutline(paragraphs: readonly PlanParagraph[]): OutlineNode {
  const root: OutlineNode = { key: "root", number: 0, label: "", marker: null, head: null, title: null, titleOnly: true, headHasBlocks: false, opening: null, content: [], children: [] };
  const stack: OutlineNode[] = [root];
  const kindOfLevel = new Map<number, string>();
  for (const paragraph of paragraphs) {
    const marker = markerOf(paragraph.copy.text);
    let key: string;
    if (marker) {
      key = marker.kind;
      if (paragraph.headingLevel && !kindOfLevel.has(paragraph.headingLevel)) kindOfLevel.set(paragraph.headingLevel, key);
    } else if (paragraph.headingLevel) key = kindOfLevel.get(paragraph.headingLevel) ?? `h${paragraph.headingLevel}`;
    else if (paragraph.boldLead) key = "bold";
    else {
      stack.at(-1)!.content.push(paragraph);
      continue;
    }
    const open = stack.findIndex((node) => node.key === key);
    if (open > 0) stack.length = open;
    else {
      const level = headingLevelOf(key);
      while (level !== null && stack.length > 1 && (headingLevelOf(stack.at(-1)!.key) ?? 0) >= level) stack.pop();
    }
    const parent = stack.at(-1)!;
    const number = marker?.number || parent.children.filter((child) => child.key === key).length + 1;
    const node = openNode(paragraph, key, marker, number);
    parent.children.push(node);
    stack.push(node);
  }
  return root;
}
