import type { CatalogEntry } from "../../src/corpus/catalog.js";
import { CorpusError } from "../../src/errors/app-errors.js";
import { markerOf } from "./numbering.js";
import { isTable, type PlanItem, type PlanParagraph } from "./plan-paragraph.js";
import { matchesAny, planLexicon } from "./plan-lexicon.js";

/** A plan cut out of its file: the introduction, the numbered body, and what follows it (attachments, task tables). */
export interface PlanBody {
  preamble: PlanParagraph[];
  body: PlanItem[];
  after: PlanItem[];
}

function compact(paragraph: PlanParagraph): string {
  return paragraph.copy.text.replace(/\s+/g, "");
}

/** A line of the web page or letterhead around the plan (当前位置, 字号, 分享, （此件公开发布） …). */
export function isPageChrome(paragraph: PlanParagraph): boolean {
  return matchesAny(planLexicon().chromeLines, compact(paragraph));
}

/** A paragraph of the introduction: a sentence, not a title, a date, an addressee line or a notice. */
function isIntroduction(paragraph: PlanParagraph): boolean {
  const text = compact(paragraph);
  if (matchesAny(planLexicon().noticeSentences, text)) return false;
  return /[。！？!?]["”’]?$/.test(text);
}

/** A line of the signature that closes a plan (or a notice): its date, its issuer, `（此件公开发布）`. */
export function isSignatureLine(paragraph: PlanParagraph): boolean {
  const text = compact(paragraph);
  const { signatureLines, issuerSuffixes, chromeLines } = planLexicon();
  if (matchesAny(signatureLines, text) || matchesAny(chromeLines, text)) return true;
  return markerOf(paragraph.copy.text) === null && text.length <= 40 && !/[。，,；;：:]/.test(text) && issuerSuffixes.some((suffix) => text.endsWith(suffix));
}

/**
 * Finds the plan inside a file by its structure, not by its title: the body
 * starts at the first numbered paragraph (一、 / 第一章 / 第一条 / （一） / 1.),
 * or at its task table when it has nothing numbered,
 * the introduction is the run of sentences just before it (after the title,
 * letterhead and notice), and the body ends at the attachment list, the
 * distribution list or the page footer, the signature dropped. Page chrome
 * (当前位置, 字号, 分享 …) is dropped everywhere.
 */
export function findBody(items: readonly PlanItem[], entry: Pick<CatalogEntry, "file">): PlanBody {
  const { bodyEnd } = planLexicon();
  const kept = items.filter((item) => isTable(item) || !isPageChrome(item));
  let first = kept.findIndex((item) => !isTable(item) && markerOf(item.copy.text) !== null && markerOf(item.copy.text)!.kind !== "circled");
  // A plan that is one task table has no numbered paragraphs: its body starts at the table.
  if (first === -1) first = kept.findIndex(isTable);
  if (first === -1) {
    throw new CorpusError("no numbered part, article or measure (一、 / 第一条 / （一） / 1.) found: is this an action plan?", { file: entry.file });
  }
  let start = first;
  while (start > 0) {
    const previous = kept[start - 1]!;
    if (isTable(previous) || !isIntroduction(previous)) break;
    start--;
  }
  let end = kept.findIndex((item, index) => index > first && !isTable(item) && matchesAny(bodyEnd, compact(item)));
  if (end === -1) end = kept.length;
  while (end > first + 1) {
    const last = kept[end - 1]!;
    if (isTable(last) || !isSignatureLine(last)) break;
    end--;
  }
  return {
    preamble: kept.slice(start, first) as PlanParagraph[],
    body: kept.slice(first, end),
    after: kept.slice(end),
  };
}
