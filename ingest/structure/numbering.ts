import { chineseNumeralValue } from "../../src/text/chinese-numeral.js";

/**
 * The numbering marks a plan can put before a paragraph. Which of them a plan
 * uses, and in which order they nest, is read from the plan itself.
 */
export type MarkerKind = "chapter" | "section" | "article" | "item" | "cn" | "cn-paren" | "num" | "num-paren" | "num-half" | "circled" | "bullet" | `num-dotted-${number}`;

/** A numbering mark at the start of a paragraph's analysis copy. */
export interface Marker {
  kind: MarkerKind;
  /** The number written; 0 for a bullet, which has none. */
  number: number;
  /** The mark as paths show it: `二、`, `（一）`, `7`, `（3）`, `①`, `第二章`, `第五条`, `第六项`. */
  label: string;
  /** Characters of the analysis copy the mark takes, spaces after it included. */
  length: number;
}

const NUMERAL = "[一二三四五六七八九十百零〇两]+";

const PATTERNS: { kind: MarkerKind; pattern: RegExp; label: (numeral: string, suffix: string) => string }[] = [
  { kind: "chapter", pattern: new RegExp(`^第(${NUMERAL}|\\d{1,3})(章|部分|篇)\\s*`), label: (numeral, suffix) => `第${numeral}${suffix}` },
  { kind: "section", pattern: new RegExp(`^第(${NUMERAL}|\\d{1,3})(节)\\s*`), label: (numeral, suffix) => `第${numeral}${suffix}` },
  { kind: "article", pattern: new RegExp(`^第(${NUMERAL}|\\d{1,3})(条)\\s*`), label: (numeral, suffix) => `第${numeral}${suffix}` },
  // `第六项 推行…`: measures counted as items, a level of their own (a plan may number 条 and 项 both).
  { kind: "item", pattern: new RegExp(`^第(${NUMERAL}|\\d{1,3})(项)\\s*`), label: (numeral, suffix) => `第${numeral}${suffix}` },
  { kind: "cn", pattern: new RegExp(`^(${NUMERAL})\\s*([、.])\\s*`), label: (numeral) => `${numeral}、` },
  { kind: "cn-paren", pattern: new RegExp(`^\\(\\s*(${NUMERAL})\\s*\\)\\s*`), label: (numeral) => `（${numeral}）` },
  // `1.` and `1、`, never `1.5亿`.
  { kind: "num", pattern: /^(\d{1,3})\s*([.、](?!\d))\s*/, label: (numeral) => numeral },
  { kind: "num-paren", pattern: /^\(\s*(\d{1,3})\s*\)\s*/, label: (numeral) => `（${numeral}）` },
  { kind: "num-half", pattern: /^(\d{1,3})\)\s*/, label: (numeral) => `${numeral}）` },
  { kind: "circled", pattern: /^([\u2460-\u2473\u2776-\u277f])\s*/u, label: (numeral) => numeral },
];

function numberOf(numeral: string): number | null {
  if (/^\d+$/.test(numeral)) return Number(numeral);
  const code = numeral.codePointAt(0)!;
  if (code >= 0x2460 && code <= 0x2473) return code - 0x245f;
  if (code >= 0x2776 && code <= 0x277f) return code - 0x2775;
  return chineseNumeralValue(numeral);
}

/** `1.2 `, `2.3.1`: decimal outline numbers, one level per depth — never a quantity (`1.5亿`, `2.5倍`, `3.2%`). */
const DOTTED = /^(\d{1,2}(?:\.\d{1,2}){1,3})(?![\d.%％亿万千百十个倍元件项家人户次天日年月号米吨平公岁台套名所座条辆])\s*/;

/** Bullets some plans put before each measure instead of a number; a markdown list's `-`, `+` or `·` before text. */
const BULLET = /^(?:[●•▪■◆◇○◎□☆★▶►]|[-+·](?=\s*\p{Script=Han}))\s*/u;

/** The numbering mark an analysis copy starts with, or null. */
export function markerOf(analysisText: string): Marker | null {
  const bullet = analysisText.match(BULLET);
  if (bullet) return { kind: "bullet", number: 0, label: "", length: bullet[0].length };
  const dotted = analysisText.match(DOTTED);
  if (dotted) {
    const parts = dotted[1]!.split(".");
    return { kind: `num-dotted-${parts.length}`, number: Number(parts.at(-1)), label: dotted[1]!, length: dotted[0].length };
  }
  for (const { kind, pattern, label } of PATTERNS) {
    const match = analysisText.match(pattern);
    if (!match) continue;
    const number = numberOf(match[1]!);
    if (number === null || number === 0) continue;
    return { kind, number, label: label(match[1]!, match[2] ?? ""), length: match[0].length };
  }
  return null;
}
