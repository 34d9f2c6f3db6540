import { CLOSERS, findClosingBracket, isOpener, splitTopLevel, trimSpan, unwrapSpan, type Span } from "./brackets.js";
import { deadlineIn } from "./deadline-phrase.js";
import { unitLexicon, type UnitRole, type VerbRole } from "./unit-lexicon.js";
import { isGenericUnit, isPlausibleName, looksLikeUnit } from "./unit-names.js";

/**
 * The unit grammar: what a block of text says about who carries out a
 * measure. A block is cut into segments at labels (`牵头单位：A；配合单位：B`),
 * each segment into comma-separated parts, and each part read as names
 * followed by the verb that gives them their role (`A、B牵头`, `C配合`,
 * `D按职责分工负责`, `由E负责`). Works on the analysis copy; every result is a
 * span of it, so names are quoted as written.
 */

/** A unit named in a block, with its role. */
export interface UnitMention {
  span: Span;
  role: UnitRole;
}

/** What one block (or part of one) says. */
export interface UnitParse {
  mentions: UnitMention[];
  /** Phrases that name no particular unit (各有关部门): noted, never listed as units. */
  generic: Span[];
  deadlines: Span[];
  /** The block says the first unit listed leads (第一个为牵头单位); `onwards` when it adds 下同. */
  leadFirst: "none" | "here" | "onwards";
  /** Names that read as neither a unit nor a generic phrase (only collected when names are checked). */
  rejected: Span[];
  /** Whether a label or a role verb was found. */
  hasLabel: boolean;
  hasVerb: boolean;
}

export interface ParseOptions {
  /** The role of names with no verb of their own (a table column's, a label's). */
  role?: LabelRole;
  /** Check every name against the unit-name rules (for text with no label, where a list may be something else). */
  checkNames?: boolean;
}

type NameRole = VerbRole | "plain";

const SEPARATOR_BEFORE_LABEL = /[\s,，、;；。(（[【〔]/;
const PART_SEPARATORS = ",，;；。\n";
const NAME_SEPARATORS = "、,，;；/ \t\n\u3000";
const NAME_PREFIXES = ["均由", "分别由", "并由", "以及", "由", "和", "及", "与", "并", "请"];
const NAME_SUFFIXES = ["等单位", "等部门", "共同", "分别", "等"];
/** `<以下简称协调办>` / `(以下简称“姑苏e办”)`: what follows a name is not part of it. */
const ALIAS_NOTE = /[<＜〈(（]\s*(以下简称|下称|简称)/;
/** `A（牵头）`: a name marked as leading inside a list. */
const LEAD_MARK = /[(（[]\s*牵头(单位|部门)?\s*[)）\]]$/;
/** `A（2024年底前）`: a bracket at the end of a name, which may hold a deadline. */
const TRAILING_BRACKET = /[(（[]([^()（）[\]]*)[)）\]]$/;

/** A label's role; `ignored` for labels of what is not a unit (牵头领导, 联系人). */
export type LabelRole = UnitRole | "deadline" | "ignored";

/**
 * The label starting at `index` (followed by a colon, or by a space for long
 * labels, or standing in brackets of its own: `【责任单位】`), if any.
 */
export function labelAt(text: string, index: number, end = text.length): { length: number; role: LabelRole } | null {
  const first = text[index];
  if (first === undefined) return null;
  if (isOpener(first)) {
    // Only a full label stands in brackets of its own; `A（牵头）` marks one name.
    for (const label of unitLexicon().labels.filter((candidate) => candidate.text.length >= 4)) {
      const close = index + 1 + label.text.length;
      if (text.startsWith(label.text, index + 1) && close < end && CLOSERS.has(text[close]!)) {
        let after = close + 1;
        if (text[after] === ":" || text[after] === "：") after++;
        return { length: after - index, role: label.role };
      }
    }
    return null;
  }
  if (!unitLexicon().labelStarts.has(first) || (index > 0 && !SEPARATOR_BEFORE_LABEL.test(text[index - 1]!))) return null;
  for (const label of unitLexicon().labels) {
    if (!text.startsWith(label.text, index)) continue;
    let after = index + label.text.length;
    while (after < end && /\s/.test(text[after]!)) after++;
    // `责任单位（排在首位的为牵头单位）：`: a note between a label and its colon.
    if (isOpener(text[after])) {
      const close = findClosingBracket(text, after, Math.min(end, after + 30));
      if (close !== -1 && (text[close + 1] === ":" || text[close + 1] === "：")) after = close + 1;
    }
    if (text[after] === ":" || text[after] === "：") return { length: after + 1 - index, role: label.role };
    if (label.text.length >= 4 && after > index + label.text.length && after < end) return { length: after - index, role: label.role };
  }
  return null;
}

/** The role verb starting at `index` if it ends a list of names (nothing, or a separator, after it). */
function verbAt(text: string, index: number, end: number): { length: number; role: VerbRole } | null {
  if (!unitLexicon().verbStarts.has(text[index]!)) return null;
  for (const verb of unitLexicon().verbs) {
    if (!text.startsWith(verb.text, index)) continue;
    const after = index + verb.text.length;
    if (after >= end || /[、和及与,，;；。\s)）\]】]/.test(text[after]!)) return { length: verb.text.length, role: verb.role };
  }
  return null;
}

function stripAffixes(text: string, span: Span): Span {
  let { start, end } = trimSpan(text, span);
  const alias = text.slice(start, end).search(ALIAS_NOTE);
  if (alias > 0) end = start + alias;
  for (let changed = true; changed && end > start; ) {
    changed = false;
    for (const prefix of NAME_PREFIXES) {
      if (text.startsWith(prefix, start) && end - start > prefix.length + 1) {
        start += prefix.length;
        changed = true;
      }
    }
    for (const suffix of NAME_SUFFIXES) {
      if (text.slice(start, end).endsWith(suffix) && end - start > suffix.length + 1) {
        end -= suffix.length;
        changed = true;
      }
    }
  }
  return trimSpan(text, { start, end });
}

/**
 * The names of a list: split at 、 and commas outside brackets, at 及/和/与
 * where both sides are units (not inside 区文体和旅游局), and before a generic
 * phrase joined by 及 or 等 (`A、B等区相关部门`).
 */
function splitNames(text: string, span: Span): Span[] {
  const names: Span[] = [];
  for (const part of splitTopLevel(text, span, NAME_SEPARATORS)) {
    const piece = stripAffixes(text, part);
    if (piece.end <= piece.start) continue;
    const value = text.slice(piece.start, piece.end);
    const joint = [...value.matchAll(/及|和|与|等/g)].find((match) => {
      const left = value.slice(0, match.index);
      const right = value.slice(match.index + 1);
      return left.length >= 2 && right.length >= 2 && (looksLikeUnit(left) || isGenericUnit(left)) && (looksLikeUnit(right) || isGenericUnit(right)) && (match[0] !== "等" || isGenericUnit(right));
    });
    if (joint?.index !== undefined) {
      names.push(stripAffixes(text, { start: piece.start, end: piece.start + joint.index }));
      names.push(stripAffixes(text, { start: piece.start + joint.index + 1, end: piece.end }));
    } else names.push(piece);
  }
  return names.filter((name) => name.end > name.start);
}

/** A growing parse, before the roles of plain and shared names are settled. */
interface Draft {
  named: { span: Span; role: NameRole }[];
  parse: UnitParse;
}

function addNames(text: string, draft: Draft, span: Span, role: NameRole, checkNames: boolean): void {
  // `由A会同B负责`: A leads, B supports.
  const connector = unitLexicon().withConnectors.map((word) => ({ word, at: text.slice(span.start, span.end).indexOf(word) })).find((found) => found.at >= 2);
  if (connector && role !== "support") {
    const split = span.start + connector.at;
    addNames(text, draft, { start: span.start, end: split }, "lead", checkNames);
    addNames(text, draft, { start: split + connector.word.length, end: span.end }, "support", checkNames);
    return;
  }
  const names = splitNames(text, span);
  // `责任单位：A（牵头）、B、C`: a list with a lead marked in it names its other units as support.
  const marked = names.some((name) => LEAD_MARK.test(text.slice(name.start, name.end)));
  for (let name of names) {
    let nameRole: NameRole = marked && (role === "responsible" || role === "plain") ? "support" : role;
    const mark = text.slice(name.start, name.end).match(LEAD_MARK);
    if (mark) {
      name = trimSpan(text, { start: name.start, end: name.end - mark[0].length });
      nameRole = "lead";
    }
    const bracket = text.slice(name.start, name.end).match(TRAILING_BRACKET);
    if (bracket?.index) {
      const inside = { start: name.start + bracket.index + 1, end: name.end - 1 };
      const deadline = deadlineIn(text, inside);
      if (deadline) {
        draft.parse.deadlines.push(deadline);
        name = trimSpan(text, { start: name.start, end: name.start + bracket.index });
      }
    }
    const value = text.slice(name.start, name.end);
    if (isGenericUnit(value)) draft.parse.generic.push(name);
    else if (!isPlausibleName(value) || (checkNames && !looksLikeUnit(value))) draft.parse.rejected.push(name);
    else draft.named.push({ span: name, role: nameRole });
  }
}

/** One comma-separated part: names and the verbs after them, or a deadline, or the lead-first convention. */
function readPart(text: string, part: Span, role: LabelRole | undefined, checkNames: boolean, draft: Draft): void {
  const span = trimSpan(text, part);
  if (span.end <= span.start) return;
  const value = text.slice(span.start, span.end);
  if (unitLexicon().leadFirst.some((pattern) => pattern.test(value))) {
    draft.parse.leadFirst = draft.parse.leadFirst === "onwards" ? "onwards" : "here";
    return;
  }
  if (/^(以下|下文|下)同$/.test(value) || role === "ignored") return;
  const deadline = deadlineIn(text, span, role === "deadline");
  if (deadline) {
    draft.parse.deadlines.push(deadline);
    return;
  }
  if (role === "deadline") return;
  let from = span.start;
  let depth = 0;
  for (let index = span.start; index < span.end; index++) {
    // A verb inside brackets (`A（牵头）`) marks one name, not the list.
    if (isOpener(text[index])) depth++;
    else if (CLOSERS.has(text[index]!)) depth = Math.max(0, depth - 1);
    const verb = depth === 0 ? verbAt(text, index, span.end) : null;
    if (!verb || index === from) continue;
    draft.parse.hasVerb = true;
    addNames(text, draft, { start: from, end: index }, verb.role, checkNames);
    index += verb.length - 1;
    from = index + 1;
  }
  const rest = trimSpan(text, { start: from, end: span.end });
  if (rest.end > rest.start) addNames(text, draft, rest, role ?? "plain", checkNames);
}

const ROLE_STRENGTH: Record<UnitRole, number> = { lead: 3, responsible: 2, support: 1 };

/** Parses `text.slice(span)` as a unit block (brackets around it are looked through). */
export function parseUnitText(text: string, span: Span, options: ParseOptions = {}): UnitParse {
  const inner = unwrapSpan(text, trimSpan(text, span));
  const draft: Draft = {
    named: [],
    parse: { mentions: [], generic: [], deadlines: [], leadFirst: "none", rejected: [], hasLabel: false, hasVerb: false },
  };
  // Cut at labels: text before the first one keeps the caller's role.
  const segments: { span: Span; role: LabelRole | undefined }[] = [];
  let segmentStart = inner.start;
  let segmentRole = options.role;
  for (let index = inner.start; index < inner.end; index++) {
    const label = labelAt(text, index, inner.end);
    if (!label) continue;
    segments.push({ span: { start: segmentStart, end: index }, role: segmentRole });
    draft.parse.hasLabel = true;
    segmentStart = index + label.length;
    segmentRole = label.role;
    index += label.length - 1;
  }
  segments.push({ span: { start: segmentStart, end: inner.end }, role: segmentRole });
  const checkNames = options.checkNames === true && !draft.parse.hasLabel;
  for (const segment of segments) {
    for (const part of splitTopLevel(text, segment.span, PART_SEPARATORS)) readPart(text, part, segment.role, checkNames, draft);
  }
  // The convention may stand anywhere in the block, a note beside a label included.
  const whole = text.slice(inner.start, inner.end);
  if (draft.parse.leadFirst === "none" && unitLexicon().leadFirst.some((pattern) => pattern.test(whole))) draft.parse.leadFirst = "here";
  if (draft.parse.leadFirst === "here" && /下同|以下同/.test(whole)) draft.parse.leadFirst = "onwards";

  // Names with no verb of their own, and those that 按职责分工负责, support a named lead; with none, they are responsible.
  // Responsible names beside named supporters and no lead are the lead (由A负责，B配合).
  const hasLead = draft.named.some((name) => name.role === "lead");
  const hasSupport = draft.named.some((name) => name.role === "support");
  const seen = new Map<string, UnitMention>();
  for (const { span: nameSpan, role } of draft.named) {
    const settled: UnitRole =
      role === "plain" || role === "shared" ? (hasLead ? "support" : "responsible") : role === "responsible" && !hasLead && hasSupport ? "lead" : role;
    const key = text.slice(nameSpan.start, nameSpan.end);
    const earlier = seen.get(key);
    if (earlier) {
      if (ROLE_STRENGTH[settled] > ROLE_STRENGTH[earlier.role]) earlier.role = settled;
      continue;
    }
    const mention = { span: nameSpan, role: settled };
    seen.set(key, mention);
    draft.parse.mentions.push(mention);
  }
  return draft.parse;
}

/** Whether a parse says anything about units or deadlines. */
export function saysAnything(parse: UnitParse): boolean {
  return parse.mentions.length + parse.generic.length + parse.deadlines.length > 0;
}
