import type { TextBlock } from "./structured-text.js";

/** One line of text on a PDF page, positions in points from the page's top left. */
export interface PdfLine {
  page: number;
  pageHeight: number;
  text: string;
  x: number;
  right: number;
  /** Baseline, from the top of the page. */
  y: number;
  size: number;
}

/** Page numbers as printed: `3`, `— 3 —`, `- 三 -`, `第3页`, `第3页 共10页`, `3/10`, `Page 3 of 10`. */
const PAGE_NUMBER = [
  /^[-—–－‐_\s]*\d{1,4}[-—–－‐_\s]*$/,
  /^[-—–－‐\s]+[一二三四五六七八九十百]+[-—–－‐\s]+$/,
  /^第\s*\d{1,4}\s*页(\s*[,，]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,，]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^page\s*\d{1,4}(\s*of\s*\d{1,4})?$/i,
];

/** A line that starts a paragraph whatever its layout: a numbered item or a label (责任单位：… / 完成时限：…). */
const PARAGRAPH_START = [
  /^[一二三四五六七八九十]+[、.．]/,
  /^[（(][一二三四五六七八九十\d]{1,3}[）)]/,
  /^\d{1,2}\s*[.、．](?!\d)/,
  /^[①-⑳]/,
  /^第[一二三四五六七八九十百\d]+[章节条]/,
  /^(责任单位|牵头单位|配合单位|协办单位|责任部门|牵头部门|配合部门|完成时限|完成时间|时间节点|責任單位|牽頭單位|配合單位|責任部門|牽頭部門|完成時限|完成時間)\s*[:：]/,
];

/** Share of the page height at its top and at its bottom where headers, footers and page numbers sit. */
const MARGIN_BAND = 0.13;
const SENTENCE_END = /[。！？；：!?;:]$/;

function inMargin(line: PdfLine): boolean {
  return line.y < line.pageHeight * MARGIN_BAND || line.y > line.pageHeight * (1 - MARGIN_BAND);
}

/** Drops page numbers, and headers and footers repeated at the same place on most pages. */
function dropPageFurniture(lines: PdfLine[], pageCount: number): PdfLine[] {
  const shape = (line: PdfLine) => line.text.replace(/\d+/g, "#").replace(/\s+/g, "");
  const pagesOf = new Map<string, Set<number>>();
  for (const line of lines.filter(inMargin)) {
    const key = `${shape(line)}@${Math.round(line.y / 6)}`;
    pagesOf.set(key, (pagesOf.get(key) ?? new Set()).add(line.page));
  }
  const repeated = (line: PdfLine) => {
    const pages = pagesOf.get(`${shape(line)}@${Math.round(line.y / 6)}`)?.size ?? 0;
    return pageCount >= 2 && pages >= Math.max(2, Math.ceil(pageCount / 2));
  };
  return lines.filter((line) => !(inMargin(line) && (PAGE_NUMBER.some((pattern) => pattern.test(line.text)) || repeated(line))));
}

function mode(values: number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0;
}

function quantile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/** The body text's size, margins, line spacing, and whether its paragraphs indent their first line. */
function bodyLayout(lines: PdfLine[]) {
  const size = mode(lines.flatMap((line) => Array<number>(line.text.length).fill(Math.round(line.size * 2) / 2)));
  const body = lines.filter((line) => Math.abs(line.size - size) <= size * 0.1);
  // The left margin: where most lines start, read low so that paragraphs of one indented line cannot move it.
  const left = Math.round(quantile(body.map((line) => line.x), 0.1));
  const right = quantile(body.map((line) => line.right), 0.9);
  const steps = body.slice(1).flatMap((line, index) => {
    const previous = body[index]!;
    const step = line.y - previous.y;
    return previous.page === line.page && step > 0 && step < size * 3 ? [step] : [];
  });
  const lineStep = quantile(steps, 0.5) || size * 1.5;
  const indented = body.filter((line) => line.x > left + size * 0.8 && line.x < left + size * 4).length;
  return { size, left, right, lineStep, usesIndent: indented >= body.length * 0.08 };
}

function joinLines(previous: string, next: string): string {
  if (/[A-Za-z]-$/.test(previous) && /^[a-z]/.test(next)) return previous.slice(0, -1) + next;
  // Latin words get their space back; a number the line broke (9 / 5%) does not.
  const wordBreak = (/[A-Za-z,.;:]$/.test(previous) && /^[A-Za-z0-9]/.test(next)) || (/[0-9]$/.test(previous) && /^[A-Za-z]/.test(next));
  return previous + (wordBreak ? " " : "") + next;
}

/** Whether the text leaves a bracket open: the next line is still inside it, whatever it starts with. */
function hasOpenBracket(text: string): boolean {
  let depth = 0;
  for (const char of text) {
    if ("（([【〔".includes(char)) depth++;
    else if ("）)]】〕".includes(char)) depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/**
 * Rebuilds paragraphs from a PDF's lines. A line starts a paragraph when it is
 * numbered or a label line, indented, set in another size, after a wider gap
 * than the text's line spacing, or after a line that stopped short of the
 * right margin (or, in a layout without first-line indents, a full line that
 * ended a sentence). Otherwise it continues the paragraph — across a page
 * break too. A wrapped title (larger type, several lines) stays one paragraph.
 */
export function linesToBlocks(allLines: PdfLine[], pageCount: number): TextBlock[] {
  const lines = dropPageFurniture(allLines, pageCount);
  if (lines.length === 0) return [];
  const layout = bodyLayout(lines);
  const isHeading = (line: PdfLine) => line.size >= layout.size * 1.12;
  const startsParagraph = (previous: PdfLine | undefined, line: PdfLine, paragraph: string): boolean => {
    if (!previous) return true;
    // `（牵头单位：A；` / `责任单位：B）`: a label inside an open unit block continues it.
    if (hasOpenBracket(paragraph) && (previous.page !== line.page || line.y - previous.y <= layout.lineStep * 1.5)) return false;
    if (PARAGRAPH_START.some((pattern) => pattern.test(line.text))) return true;
    const samePage = previous.page === line.page;
    const sameSize = Math.abs(line.size - previous.size) <= Math.max(line.size, previous.size) * 0.1;
    if (isHeading(line) && isHeading(previous) && sameSize && samePage) return line.y - previous.y > line.size * 2;
    if (!sameSize || isHeading(line) || isHeading(previous)) return true;
    if (samePage && line.y - previous.y > layout.lineStep * 1.5) return true;
    if (line.x > layout.left + line.size * 0.8) return true;
    if (previous.right < layout.right - previous.size * 1.5) return true;
    return !layout.usesIndent && SENTENCE_END.test(previous.text);
  };
  const blocks: TextBlock[] = [];
  let previous: PdfLine | undefined;
  for (const line of lines) {
    const last = blocks.at(-1);
    if (last?.kind === "paragraph" && !startsParagraph(previous, line, last.text)) last.text = joinLines(last.text, line.text);
    else {
      const level = line.size >= layout.size * 1.3 ? 1 : isHeading(line) ? 2 : undefined;
      blocks.push({ kind: "paragraph", text: line.text, line: blocks.length + 1, ...(level ? { headingLevel: level } : {}) });
    }
    previous = line;
  }
  return blocks;
}
