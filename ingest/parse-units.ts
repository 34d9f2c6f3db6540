/**
 * Responsible-unit blocks: the bracketed notes after a paragraph that say who
 * carries it out, in every way the five documents write them:
 *   (责任单位:A、B、各相关单位)            [责任单位：A、B，区各相关部门按职责分工负责，各镇(街道、区)]
 *   （牵头单位：A、B）                     (A、B牵头,各相关部门按职责分工负责)
 *   (A、B及各相关部门按职责分工负责)        (A牵头,C、D按职责分工负责)
 */

/** A unit block found in a paragraph, with what it names. */
export interface UnitBlock {
  /** The block as written, brackets included. */
  raw: string;
  /** Offsets of the block in the paragraph it was found in. */
  start: number;
  end: number;
  /** Every named unit, leads first, in document order, generic phrases left out. */
  units: string[];
  /** Units the document marks as leading (牵头). */
  leadUnits: string[];
}

const OPENERS: Record<string, string> = { "(": ")", "（": "）", "[": "]", "【": "】", "〔": "〕" };
const CLOSERS = new Set(Object.values(OPENERS));

/** Whether a bracket's content is a unit block rather than an ordinary aside like `(含)`. */
function looksLikeUnitBlock(content: string): boolean {
  const compact = unwrap(content.replace(/\s+/g, ""));
  return /^(责任单位|牵头单位|责任部门|牵头部门)[:：]/.test(compact) || /(牵头|按职责分工负责?|分工负责)$/.test(compact) || /牵头[,，、]/.test(compact);
}

/** `[（责任单位：…）]` wraps one block in two brackets: look inside the inner one. */
function unwrap(content: string): string {
  const first = content[0];
  if (first !== undefined && first in OPENERS && findClosingBracket(content, 0) === content.length - 1) return content.slice(1, -1);
  return content;
}

/** Index of the bracket closing the one opened at `openIndex`, or -1 if it never closes. */
export function findClosingBracket(text: string, openIndex: number): number {
  let depth = 0;
  for (let index = openIndex; index < text.length; index++) {
    const char = text[index]!;
    if (char in OPENERS) depth++;
    else if (CLOSERS.has(char)) {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Whether the text opens a unit block that is never closed (a corpus error to report). */
export function findUnclosedUnitBlock(text: string): number {
  const opener = /[([（【〔](责任单位|牵头单位)/g;
  for (const match of text.matchAll(opener)) {
    if (findClosingBracket(text, match.index) === -1) return match.index;
  }
  return -1;
}

/** Every unit block in a paragraph, in order. Nested brackets inside unit names are kept. */
export function findUnitBlocks(text: string): UnitBlock[] {
  const blocks: UnitBlock[] = [];
  for (let index = 0; index < text.length; index++) {
    if (!(text[index]! in OPENERS)) continue;
    const close = findClosingBracket(text, index);
    if (close === -1) continue;
    const content = text.slice(index + 1, close);
    if (looksLikeUnitBlock(content)) {
      const { units, leadUnits } = parseUnitList(content);
      blocks.push({ raw: text.slice(index, close + 1), start: index, end: close + 1, units, leadUnits });
      index = close;
    }
  }
  return blocks;
}

/** Removes spaces a PDF export left inside words (`区行 政审批局`), keeping spaces between latin words. */
export function removeSpacesInsideChinese(text: string): string {
  return text.replace(/(?<=[^\x00-\x7f])[ \t\u3000]+|[ \t\u3000]+(?=[^\x00-\x7f])/g, "");
}

/** Phrases that name no particular unit: 各相关部门, 区各相关部门, 各镇(街道、区), 区相关部门 … */
export function isGenericUnit(name: string): boolean {
  return /^(区)?各/.test(name) || /^(区|园区)?(相关|有关)(部门|单位|局办)$/.test(name);
}

/** Splits a unit list at top-level separators only, so `党政办(大数据管理局)` stays whole. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of list) {
    if (char in OPENERS || char === "<" || char === "＜") depth++;
    else if (CLOSERS.has(char) || char === ">" || char === "＞") depth = Math.max(0, depth - 1);
    if (depth === 0 && /[、，,；;]/.test(char)) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

function cleanUnitName(name: string): string {
  return name
    .replace(/[<＜]以下简称[^>＞]*[>＞]/g, "")
    .replace(/(按职责)?分工负责$|负责$/, "")
    .replace(/^(和|及)/, "")
    .trim();
}

/** Splits one list of names, also at `A及各相关部门` and `A等区相关部门`. */
function splitNames(list: string): string[] {
  return splitTopLevel(list)
    .flatMap((part) => part.split(/按职责分工(?:负责)?|及(?=(?:区)?各)|等(?=(?:区)?(?:各)?(?:相关|有关))/))
    .map(cleanUnitName)
    .filter((name) => name.length > 0);
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** Parses the inside of a unit block into units and lead units. */
export function parseUnitList(content: string): { units: string[]; leadUnits: string[] } {
  const compact = unwrap(removeSpacesInsideChinese(content).replace(/\s+/g, ""));
  const labelled = compact.match(/^(责任单位|牵头单位|责任部门|牵头部门)[:：](.*)$/);
  if (labelled) {
    const names = splitNames(labelled[2]!).filter((name) => !isGenericUnit(name));
    const isLead = labelled[1]!.startsWith("牵头");
    return { units: unique(names), leadUnits: isLead ? unique(names) : [] };
  }
  const leadMarker = compact.match(/^(.*?)牵头(?:[,，、]|$)(.*)$/);
  if (leadMarker) {
    const leads = splitNames(leadMarker[1]!).filter((name) => !isGenericUnit(name));
    const others = splitNames(leadMarker[2]!).filter((name) => !isGenericUnit(name));
    return { units: unique([...leads, ...others]), leadUnits: unique(leads) };
  }
  return { units: unique(splitNames(compact).filter((name) => !isGenericUnit(name))), leadUnits: [] };
}
