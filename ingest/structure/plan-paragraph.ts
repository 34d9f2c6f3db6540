import { createAnalysisCopy, removeArtefacts, type AnalysisCopy } from "../../src/text/analysis-copy.js";
import type { ParagraphBlock, TableBlock } from "../read/structured-text.js";
import { traditionalToSimplified } from "../../src/text/normalize.js";
import { unitLexicon } from "../units/unit-lexicon.js";
import { looksLikeUnit } from "../units/unit-names.js";

/** A paragraph of the plan, as shown (text as written, artefacts removed) and as analysed. */
export interface PlanParagraph {
  /** What a person is shown: the characters as written, format artefacts removed. */
  text: string;
  /** The analysis copy of `text`, which numbering, units and headings are read from. */
  copy: AnalysisCopy;
  /** 1-based line of a text file, or the block's position in other formats. */
  line: number;
  headingLevel?: number;
  /** The bold run the paragraph starts with, as shown (`推进……。`), when it has one. */
  boldLead?: string;
}

/** The few LaTeX symbols a markdown export left in the text (`$\\geq 60\\%$`). */
function latexToText(math: string): string {
  return math.replace(/\\geq?/g, "≥").replace(/\\leq?/g, "≤").replace(/\\%/g, "%").replace(/\s+/g, "");
}

let labelStarts: RegExp | undefined;

/** A space right before a label (`区发改委 配合单位：…`) separates two blocks: it is kept. */
function beforeLabel(): RegExp {
  labelStarts ??= new RegExp(`^(${unitLexicon().labels.map((label) => label.text).join("|")})[:：]`);
  return labelStarts;
}

/** The word a space ends or starts: the run of text up to the nearest separator. */
const WORD_BEFORE = /[^\s、，,；;：:。()（）[\]]+$/;
const WORD_AFTER = /^[^\s、，,；;：:。()（）[\]]+/;

function isUnitName(word: string | undefined): boolean {
  return word !== undefined && looksLikeUnit(traditionalToSimplified(word.normalize("NFKC")));
}

/**
 * Removes spaces a PDF export left inside words (`区行 政审批局`), keeping
 * spaces between latin words, before a label, and between two unit names
 * (`区发改委 区财政局`), where a space is how the list is written.
 */
export function removeSpacesInsideChinese(text: string): string {
  return text.replace(/[ \t\u3000]+/g, (spaces, offset: number, whole: string) => {
    const before = whole.slice(0, offset);
    const after = whole.slice(offset + spaces.length);
    const ascii = (character: string) => character === "" || /[\x00-\x7f]/.test(character);
    if (ascii(before.at(-1) ?? "") && ascii(after[0] ?? "")) return spaces;
    if (beforeLabel().test(after)) return " ";
    return isUnitName(before.match(WORD_BEFORE)?.[0]) && isUnitName(after.match(WORD_AFTER)?.[0]) ? " " : "";
  });
}

/**
 * Cleans a paragraph for display: pinyin annotations, `??`, mojibake, markup
 * a format left (`<b>`, `**`, LaTeX) and surrounding spaces removed; inside
 * Chinese, spaces removed too when the text came from a text export (where
 * they split words) and collapsed otherwise.
 */
export function cleanParagraphText(text: string, spacesSplitWords: boolean): string {
  let cleaned = removeArtefacts(text);
  cleaned = cleaned.replace(/\$([^$]*)\$/g, (_, math: string) => latexToText(math));
  cleaned = cleaned.replace(/<\/?(b|strong)>/g, "").replace(/\*\*/g, "").replace(/^\s*#+\s+/, "");
  cleaned = cleaned.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
  return spacesSplitWords ? removeSpacesInsideChinese(cleaned) : cleaned.replace(/[ \t\u3000]{2,}/g, " ");
}

/** A plan paragraph from cleaned text. */
export function planParagraph(text: string, line: number, marks: Pick<PlanParagraph, "headingLevel" | "boldLead"> = {}): PlanParagraph {
  const paragraph: PlanParagraph = { text, copy: createAnalysisCopy(text), line };
  if (marks.headingLevel) paragraph.headingLevel = marks.headingLevel;
  if (marks.boldLead && text.startsWith(marks.boldLead)) paragraph.boldLead = marks.boldLead;
  return paragraph;
}

/** A reader's paragraph block as a plan paragraph, or null when nothing is left after cleaning. */
export function fromParagraphBlock(block: ParagraphBlock, spacesSplitWords: boolean): PlanParagraph | null {
  const text = cleanParagraphText(block.text, spacesSplitWords);
  if (text === "") return null;
  const boldLead = block.boldLeadLength ? cleanParagraphText(block.text.slice(0, block.boldLeadLength), spacesSplitWords) : undefined;
  return planParagraph(text, block.line, { headingLevel: block.headingLevel, boldLead });
}

/** What the structure reads, in document order: paragraphs and tables. */
export type PlanItem = PlanParagraph | TableBlock;

export function isTable(item: PlanItem): item is TableBlock {
  return "rows" in item;
}
