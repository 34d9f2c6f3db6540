import type { CatalogEntry } from "../../src/corpus/catalog.js";
import { CorpusError } from "../../src/errors/app-errors.js";
import { createAnalysisCopy } from "../../src/text/analysis-copy.js";
import { markerOf } from "./numbering.js";
import { isTable, type PlanItem, type PlanParagraph } from "./plan-paragraph.js";
import { matchesAny, planLexicon } from "./plan-lexicon.js";

/** A plan cut out of its file: the introduction, the numbered body, and what follows it (attachments, task tables). */
export interface PlanBody {
  /** What comes before the introduction: letterhead, notice, title, notes on how to read the plan. */
  front: PlanItem[];
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

/**
 * A paragraph of the introduction: a sentence (`…制定本方案。`, `…提出如下措施：`),
 * not a title, a date, an addressee line or a notice.
 */
function isIntroduction(paragraph: PlanParagraph): boolean {
  const text = compact(paragraph);
  if (matchesAny(planLexicon().noticeSentences, text)) return false;
  return /[。！？!?]["”’]?$/.test(text) || /(制定|提出|形成|明确)[^，。,]{0,6}(如下|以下)[^，。,]{0,10}[:：]$/.test(text);
}

/** A line of the signature that closes a plan (or a notice): its date, its issuer, `（此件公开发布）`. */
export function isSignatureLine(paragraph: PlanParagraph): boolean {
  const text = compact(paragraph);
  const { signatureLines, issuerSuffixes, chromeLines } = planLexicon();
  if (matchesAny(signatureLines, text) || matchesAny(chromeLines, text)) return true;
  return markerOf(paragraph.copy.text) === null && text.length <= 40 && !/[。，,；;：:]/.test(text) && issuerSuffixes.some((suffix) => text.endsWith(suffix));
}

/** The first numbered paragraph at or after `from` (circled numbers and bullets only mark items inside a plan), or -1. */
function firstNumbered(items: readonly PlanItem[], from: number): number {
  return items.findIndex((item, index) => {
    const kind = isTable(item) ? undefined : markerOf(item.copy.text)?.kind;
    return index >= from && kind !== undefined && kind !== "circled" && kind !== "bullet";
  });
}

/** Where a body that starts at `first` ends: the attachment or distribution list, or the end of the file. */
function endOfBody(items: readonly PlanItem[], first: number): number {
  const end = items.findIndex((item, index) => index > first && !isTable(item) && matchesAny(planLexicon().bodyEnd, compact(item)));
  return end === -1 ? items.length : end;
}

/** A plan's title line: the catalog's title, or a short line naming a plan (方案, 措施 …) that is not a notice. */
function isPlanTitle(paragraph: PlanParagraph, catalogTitle: string): boolean {
  const text = compact(paragraph);
  const title = createAnalysisCopy(catalogTitle).text.replace(/\s+/g, "");
  if (text === title || (text.length <= title.length + 10 && text.includes(title))) return true;
  const { planWords, noticeWords } = planLexicon();
  return text.length <= 60 && !/[。，,；;：:]/.test(text) && planWords.some((word) => text.includes(word)) && !matchesAny(noticeWords, text);
}

/**
 * Finds the plan inside a file by its structure, not by its title. The body
 * starts at the first numbered paragraph (一、 / 第一章 / 第一条 / （一） / 1.),
 * or at the task table of a plan with nothing numbered — and when a notice
 * with numbered points of its own comes first, at the first numbered
 * paragraph after the plan's title that follows it. The introduction is the
 * run of sentences just before the body (after the title, letterhead and
 * notice). The body ends at the attachment list, the distribution list or the
 * page footer, the signature dropped. Page chrome (当前位置, 字号, 分享 …) is
 * dropped everywhere.
 */
export function findBody(items: readonly PlanItem[], entry: Pick<CatalogEntry, "file" | "title">): PlanBody {
  const kept = items.filter((item) => isTable(item) || !isPageChrome(item));
  let first = firstNumbered(kept, 0);
  // A plan that is one task table has no numbered paragraphs: its body starts at the table.
  if (first === -1) first = kept.findIndex(isTable);
  if (first === -1) {
    throw new CorpusError("no numbered part, article or measure (一、 / 第一条 / （一） / 1.) found: is this an action plan?", { file: entry.file });
  }
  // A notice with numbered points of its own, the plan attached after it: the body is the plan's.
  const opensWithNotice = kept.slice(0, first).some((item) => !isTable(item) && (matchesAny(planLexicon().noticeWords, compact(item)) || matchesAny(planLexicon().noticeSentences, compact(item))));
  const noticeEnd = endOfBody(kept, first);
  if (opensWithNotice && noticeEnd < kept.length) {
    const title = kept.findIndex((item, index) => index > noticeEnd && !isTable(item) && isPlanTitle(item, entry.title));
    const attached = title === -1 ? -1 : firstNumbered(kept, title + 1);
    if (attached !== -1 && endOfBody(kept, title) >= attached) first = attached;
  }
  let start = first;
  while (start > 0) {
    const previous = kept[start - 1]!;
    if (isTable(previous) || !isIntroduction(previous)) break;
    start--;
  }
  let end = endOfBody(kept, first);
  while (end > first + 1) {
    const last = kept[end - 1]!;
    if (isTable(last) || !isSignatureLine(last)) break;
    end--;
  }
  return {
    front: kept.slice(0, start),
    preamble: kept.slice(start, first) as PlanParagraph[],
    body: kept.slice(first, end),
    after: kept.slice(end),
  };
}
