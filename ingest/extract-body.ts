import type { CatalogEntry } from "../src/corpus/catalog.js";
import { CorpusError } from "../src/errors/app-errors.js";
import { compactForMatching, stripPinyinAnnotations } from "../src/text/normalize.js";
import { findClosingBracket, findUnitBlocks, removeSpacesInsideChinese } from "./parse-units.js";

/** A paragraph of the document body, cleaned for display, with the source line it starts on. */
export interface SourceParagraph {
  text: string;
  /** 1-based line in the seed file, for error messages and tests. */
  line: number;
}

/** Part headings: 一、总体要求. */
export const PART_HEADING = /^[一二三四五六七八九十]+、/;
/** Section headings: （一）市场准入与退出 / (一)深化数字政务改革. */
export const SECTION_HEADING = /^[（(][一二三四五六七八九十]+[）)]/;
/** Measure numbers: `1. `, `1.`, `1、`. */
export const MEASURE_NUMBER = /^(\d{1,2})\s*[.、．]\s*/;

/** Web-page and letterhead lines that are not part of the plan itself. */
const CHROME_LINE = /^(当前位置|发表于|字号[:：]?$|关注$|分享[:：]?|相关附件$|（此件公开发布）$|\(此件公开发布\)$)/;

/** Where the body ends: the attachment list, the distribution list, the page footer. */
const BODY_END = /^(相关附件|分享[:：]|抄送|附件[:：]|附件$)/;

/** Characters after which a line is a complete paragraph; anything else was broken by the export. */
const TERMINAL = /[。！？；：:)）\]】]$/;

/** The few LaTeX symbols a markdown export left in the text (`$\\geq 60\\%$`). */
function latexToText(math: string): string {
  return math.replace(/\\geq?/g, "≥").replace(/\\leq?/g, "≤").replace(/\\%/g, "%").replace(/\s+/g, "");
}

/** Removes the markup and artefacts each source format adds to a line, keeping the original characters. */
export function cleanLine(line: string): string {
  let text = line.replace(/\?\?/g, "");
  text = stripPinyinAnnotations(text);
  text = text.replace(/\$([^$]*)\$/g, (_, math: string) => latexToText(math));
  text = text.replace(/<\/?b>/g, "").replace(/\*\*/g, "").replace(/^\s*#+\s*/, "");
  text = text.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
  return removeSpacesInsideChinese(text);
}

/** A line that is only a heading (no sentence after it), which must never swallow the next line. */
export function isHeadingOnly(text: string): boolean {
  const compact = compactForMatching(text);
  if (PART_HEADING.test(compact) || SECTION_HEADING.test(compact)) return !/。./.test(compact);
  const measure = compact.match(MEASURE_NUMBER);
  return measure !== null && !compact.includes("。") && compact.length <= 40;
}

/** Whether a paragraph still has an open bracket (a unit block continuing on the next line). */
function hasUnclosedBracket(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if ("([（【〔".includes(text[index]!)) {
      const close = findClosingBracket(text, index);
      if (close === -1) return true;
      index = close;
    }
  }
  return false;
}

function joinBroken(previous: string, next: string): string {
  const needsSpace = /[A-Za-z0-9]$/.test(previous) && /^[A-Za-z0-9]/.test(next);
  return previous + (needsSpace ? " " : "") + next;
}

/**
 * Cuts the plan's body out of a seed file and rebuilds its paragraphs:
 * drops page chrome, the notice and signature blocks before the plan's own
 * title, and the footer; removes pinyin annotations and `??`; rejoins lines a
 * PDF export broke mid-sentence.
 */
export function extractBody(raw: string, entry: CatalogEntry): SourceParagraph[] {
  const lines = raw.split(/\r?\n/).map((text, index) => ({ text: cleanLine(text), line: index + 1 }));
  const nonEmpty = lines.filter((line) => line.text.length > 0 && !CHROME_LINE.test(compactForMatching(line.text)));

  const firstPart = nonEmpty.findIndex((line) => PART_HEADING.test(compactForMatching(line.text)));
  if (firstPart === -1) throw new CorpusError("no part heading (一、…) found: is this an action plan?", { file: entry.file });
  const title = compactForMatching(entry.title);
  let start = -1;
  for (let index = 0; index < firstPart; index++) {
    if (compactForMatching(nonEmpty[index]!.text) === title) start = index + 1;
  }
  if (start === -1) {
    throw new CorpusError(`the title "${entry.title}" from the catalog does not stand on a line of its own before the first part`, {
      file: entry.file,
    });
  }
  let end = nonEmpty.findIndex((line, index) => index > start && BODY_END.test(compactForMatching(line.text)));
  if (end === -1) end = nonEmpty.length;

  const paragraphs: SourceParagraph[] = [];
  for (const line of nonEmpty.slice(start, end)) {
    const previous = paragraphs.at(-1);
    const previousOpen =
      previous !== undefined &&
      !isHeadingOnly(previous.text) &&
      (!TERMINAL.test(previous.text) || hasUnclosedBracket(previous.text));
    if (previous && previousOpen && !isHeadingOnly(line.text)) previous.text = joinBroken(previous.text, line.text);
    else paragraphs.push({ ...line });
  }
  return splitAtUnitBlocks(paragraphs);
}

/**
 * A unit block closes its paragraph. The PDF export sometimes put the block at
 * the start of the next line (`(区财政局牵头,…) 33.简化…`) or ran the next
 * measure on after it: move a leading block back to the paragraph it closes,
 * and start a new paragraph after every block that has text behind it.
 */
function splitAtUnitBlocks(paragraphs: SourceParagraph[]): SourceParagraph[] {
  const result: SourceParagraph[] = [];
  for (const paragraph of paragraphs) {
    let rest = paragraph.text;
    while (rest.length > 0) {
      const block = findUnitBlocks(rest)[0];
      const previous = result.at(-1);
      if (block && block.start === 0 && previous && !isHeadingOnly(previous.text)) {
        previous.text += block.raw;
        rest = rest.slice(block.end).trim();
      } else if (block && /^[\s。；;，,]+$/.test(rest.slice(block.end))) {
        // Punctuation after the block (`（责任单位：…）。`) belongs to it.
        result.push({ text: rest, line: paragraph.line });
        rest = "";
      } else if (block && rest.slice(block.end).trim().length > 0) {
        result.push({ text: rest.slice(0, block.end), line: paragraph.line });
        rest = rest.slice(block.end).trim();
      } else {
        result.push({ text: rest, line: paragraph.line });
        rest = "";
      }
    }
  }
  return result;
}
