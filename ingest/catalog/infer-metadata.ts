import { normalizeForSearch, stripPinyinAnnotations } from "../../src/text/normalize.js";
import type { StructuredText } from "../read/structured-text.js";

/** What a plan says about itself, as far as its text shows; null where it does not. */
export interface InferredMetadata {
  title: string | null;
  region: string | null;
  year: number | null;
  issuer: string | null;
  /** `吴政发〔2024〕12号`, as written (spaces removed). */
  docNumber: string | null;
  /** ISO date (`2024-03-15`) of the plan's signing or publication. */
  date: string | null;
}

/** Where the plan's own structure starts: 一、 / 第一章 / 第一条. Metadata sits above it (or in the signature below). */
const FIRST_PART = /^(一、|第一[章条部分])/;
/** Words a plan's title is built around. */
const PLAN_WORD = /(方案|计划|措施|意见|办法|要点|细则|行动|举措|清单|规划|若干)/;
/** Where a region name in a title ends: a year, or the first word of what the plan does. */
const AFTER_REGION = /(20\d\d|关于|优化|持续|进一步|深化|加强|加快|打造|全面|营商|推进|推动|创新|建设|提升|落实|实施|深入|聚焦)/;
const REGION_END = /(省|自治区|市|区|县|新区|园区|开发区|高新区|片区|旗|州|街道|镇|乡)$/;
/** An issuing body on a line of its own (a notice's or a signature's), several joined by 、 or spaces. */
const ISSUER_LINE = /^((中共)?[\u4e00-\u9fa5（）()]{2,40}(人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|委员会|办公室|办公厅|办事处))([、\s]+(中共)?[\u4e00-\u9fa5（）()]{2,40}(人民政府|管理委员会|管委会|委员会|办公室|办公厅|办事处))*$/;
const ORGANISATION_SUFFIX = /(人民政府办公室|人民政府办公厅|人民政府|管理委员会|管委会|党工委|工作委员会|委员会|区委|市委|县委|办公室|办公厅|办事处)$/;
const DOC_NUMBER = /[\u4e00-\u9fa5]{1,12}[〔［[（(【]\s*(20\d\d)\s*[〕］\]）)】]\s*\d{1,4}\s*号/;
const DATE_LINE = /^[（(]?\s*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?$/;
const LABELLED_DATE = /(成文日期|发布日期|发布时间|印发日期)\s*[:：]\s*(20\d\d)[-年/.](\d{1,2})[-月/.](\d{1,2})/;

/** Spaces a PDF or web export put between Chinese characters and digits (`2024 年`) removed, pinyin annotations too. */
function compact(text: string): string {
  return stripPinyinAnnotations(text)
    .replace(/(?<=[^\x00-\x7f])[\s\u3000]+|[\s\u3000]+(?=[^\x00-\x7f])/g, "")
    .trim();
}

/** A paragraph in the forms inference needs: as written (compacted), and Simplified for the patterns. */
interface Line {
  text: string;
  simplified: string;
  /** Whitespace kept (collapsed), where it separates issuers. */
  spaced: string;
  headingLevel?: number;
  bold: boolean;
}

function isoDate(year: string, month: string, day: string): string {
  return `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
}

/** The region a title starts with: `苏州市吴江区2024年优化…` → 苏州市吴江区. */
function regionOfTitle(title: string): string | null {
  const cut = title.replace(/^关于(印发)?/, "").search(AFTER_REGION);
  const prefix = cut > 0 ? title.replace(/^关于(印发)?/, "").slice(0, cut) : "";
  return prefix.length >= 2 && REGION_END.test(prefix) ? prefix : null;
}

/** The region an issuer is the government of: `中共苏州市相城区委员会` → 苏州市相城区. */
function regionOfIssuer(issuer: string): string | null {
  const first = issuer.split(/[、\s]+/)[0]!.replace(/^中共/, "");
  const region = first.replace(ORGANISATION_SUFFIX, "");
  return region !== first && region.length >= 2 && REGION_END.test(region) ? region : null;
}

/** The plan's title: a short line above the first part, shaped like a title; the first-level heading otherwise. */
function findTitle(lines: Line[]): string | null {
  const candidates = lines.filter(
    ({ simplified }) =>
      simplified.length >= 6 && simplified.length <= 80 && !/[。；;:：]/.test(simplified) && !/关于印发|^印发/.test(simplified) && !simplified.includes("《") && PLAN_WORD.test(simplified),
  );
  const score = (line: Line) => (line.headingLevel === 1 ? 3 : 0) + (/营商环境/.test(line.simplified) ? 2 : 0) + (line.bold ? 1 : 0);
  const best = candidates.sort((a, b) => score(b) - score(a))[0];
  if (best) return best.text;
  // `关于印发《X》的通知` (or without the 《》) names the plan even where no line carries X alone.
  const notice = lines.map(({ text }) => text.match(/印发《([^》]{4,80})》/)?.[1] ?? text.match(/关于印发([^《》]{4,80}?)的通知$/)?.[1]).find(Boolean);
  return notice ?? lines.find((line) => line.headingLevel === 1)?.text ?? null;
}

/** The issuing bodies: the first line that names only organisations, with the issuer lines right after it, joined by 、. */
function findIssuer(lines: Line[]): string | null {
  const isIssuer = (line: Line | undefined) => line !== undefined && line.spaced.length <= 80 && ISSUER_LINE.test(line.spaced) && !PLAN_WORD.test(line.simplified);
  const first = lines.findIndex(isIssuer);
  if (first === -1) return null;
  const names: string[] = [];
  for (let index = first; isIssuer(lines[index]); index++) names.push(...lines[index]!.spaced.split(/[、\s]+/));
  return names.join("、");
}

/**
 * Reads a plan's title, region, year, issuer, document number and date from
 * its text: the lines above its first part (the notice and title) and the
 * signature lines. Each is null where the text does not show it, so the
 * caller can ask for it by name. Region and issuer come out in Simplified
 * characters (they are matched against questions); the title as written.
 */
export function inferMetadata(structured: StructuredText): InferredMetadata {
  const paragraphs = structured.blocks.flatMap((block): Line[] => {
    if (block.kind !== "paragraph") return [];
    const text = compact(block.text);
    const spaced = normalizeForSearch(stripPinyinAnnotations(block.text)).replace(/[\s\u3000]+/g, " ").trim();
    return [{ text, simplified: normalizeForSearch(text), spaced, headingLevel: block.headingLevel, bold: (block.boldLeadLength ?? 0) >= text.length - 1 }];
  });
  const firstPart = paragraphs.findIndex((line) => FIRST_PART.test(line.simplified));
  const head = firstPart === -1 ? paragraphs.slice(0, 30) : paragraphs.slice(0, firstPart);
  const signature = paragraphs.slice(-12);
  const title = findTitle(head.length > 0 ? head : paragraphs.slice(0, 30));

  const issuer = findIssuer(head) ?? findIssuer(signature);
  const shortLines = [...head, ...signature].map((line) => line.simplified).filter((text) => text.length <= 80);
  const docNumberLine = shortLines.find((text) => DOC_NUMBER.test(text) && text.replace(DOC_NUMBER, "").replace(/^(文号|发文字号)[:：]/, "").trim() === "");
  const docNumber = docNumberLine?.match(DOC_NUMBER)?.[0].replace(/\s+/g, "") ?? null;
  const labelled = paragraphs.map((line) => line.simplified.match(LABELLED_DATE)).find(Boolean);
  const dateLine = shortLines.map((text) => text.match(DATE_LINE)).find(Boolean);
  const date = dateLine ? isoDate(dateLine[1]!, dateLine[2]!, dateLine[3]!) : labelled ? isoDate(labelled[2]!, labelled[3]!, labelled[4]!) : null;

  const fromTitle = title ? regionOfTitle(normalizeForSearch(title)) : null;
  const fromIssuer = issuer ? regionOfIssuer(issuer) : null;
  // The issuer usually gives the fuller name (上海市闵行区 for a title's 闵行区).
  const region = fromTitle && fromIssuer ? (fromIssuer.endsWith(fromTitle) ? fromIssuer : fromTitle) : (fromTitle ?? fromIssuer);

  const yearText = title?.match(/(20\d\d)\s*年?/)?.[1] ?? docNumber?.match(/20\d\d/)?.[0] ?? date?.slice(0, 4);
  return { title, region, year: yearText ? Number(yearText) : null, issuer, docNumber, date };
}
