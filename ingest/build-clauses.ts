import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Clause } from "../src/corpus/clause.js";
import { createAnalysisCopy } from "../src/text/analysis-copy.js";
import { leadingTitle, type OutlineNode } from "./structure/build-outline.js";
import { matchesAny, planLexicon } from "./structure/plan-lexicon.js";
import type { PlanParagraph } from "./structure/plan-paragraph.js";
import { assembleClauseUnits, type ClauseUnits } from "./units/clause-units.js";
import type { Span } from "./units/brackets.js";
import { scanUnitBlocks, type UnitBlock } from "./units/find-unit-blocks.js";
import { shareGroupBlocks } from "./units/share-group-blocks.js";

/** A clause before the document-wide fields (ordinal, Simplified text) are set, with what its units came from. */
export interface DraftClause extends Omit<Clause, "ordinal" | "textSimplified" | "docListsUnits"> {
  /** Units that are neither lead nor support. */
  responsibleUnits: string[];
  genericUnits: string[];
  /** Whether the clause belongs to a measure (as opposed to an introduction or a general part). */
  inMeasure: boolean;
}

/** A paragraph with its unit blocks, scanned once. */
interface ScannedParagraph {
  paragraph: PlanParagraph;
  blocks: UnitBlock[];
  deadlines: Span[];
  /** Brackets that looked like unit blocks but did not parse, as written. */
  notUnderstood: string[];
}

interface ClauseGroup {
  paragraphs: ScannedParagraph[];
  /** Closed by a unit block (it scopes the group), rather than left over at the end of its node. */
  closedByBlock: boolean;
}

/**
 * Whether a heading names a general part (总体要求, 保障措施, 附则 …): it starts
 * with the word, or is a short title holding it (加强组织领导) — a measure like
 * 完善企业权益保障措施 merely contains one.
 */
function isGeneralTitle(title: string | null): boolean {
  if (!title) return false;
  const simplified = createAnalysisCopy(title).text.replace(/\s+/g, "");
  return planLexicon().generalParts.some((word) => simplified.startsWith(word) || (simplified.length <= 8 && simplified.includes(word)));
}

/** Whether a paragraph is nothing but unit blocks (a label line, a bracketed list on its own line). */
function onlyBlocks({ paragraph, blocks }: ScannedParagraph): boolean {
  let rest = paragraph.copy.text;
  for (const block of [...blocks].reverse()) rest = rest.slice(0, block.span.start) + rest.slice(block.span.end);
  return blocks.length > 0 && /^[\s。；;，,、]*$/.test(rest);
}

/**
 * Groups a measure's paragraphs into clauses: a unit block closes the group
 * it ends (so the block scopes the paragraphs before it), a paragraph that is
 * only a block (a label line) joins the group just closed, and paragraphs left
 * at the end are one clause — or, under a heading that is only a title, one
 * clause each (each is a measure of its own, as in plans without numbers).
 */
function groupParagraphs(paragraphs: ScannedParagraph[], titleOnly: boolean): ClauseGroup[] {
  const groups: ClauseGroup[] = [];
  let pending: ScannedParagraph[] = [];
  for (const scanned of paragraphs) {
    const last = groups.at(-1);
    if (pending.length === 0 && last?.closedByBlock && onlyBlocks(scanned)) {
      last.paragraphs.push(scanned);
      continue;
    }
    pending.push(scanned);
    if (scanned.blocks.length > 0) {
      groups.push({ paragraphs: pending, closedByBlock: true });
      pending = [];
    }
  }
  if (pending.length > 0) {
    if (titleOnly) groups.push(...pending.map((scanned) => ({ paragraphs: [scanned], closedByBlock: false })));
    else groups.push({ paragraphs: pending, closedByBlock: false });
  }
  return groups;
}

function scan(paragraph: PlanParagraph): ScannedParagraph {
  const { blocks, notUnderstood, deadlines } = scanUnitBlocks(paragraph.copy.text);
  return { paragraph, blocks, deadlines, notUnderstood: notUnderstood.map((span) => paragraph.copy.writtenSlice(span.start, span.end)) };
}

/** Every paragraph below a node, marks included, in document order (the items of a list a measure introduces). */
function descendantParagraphs(node: OutlineNode): PlanParagraph[] {
  return node.children.flatMap((child) => [child.opening!, ...child.content, ...descendantParagraphs(child)]);
}

/**
 * Whether a node's items are one list rather than measures: leaves that run
 * on (each but the last ends in ；) with no unit block before the last one —
 * `（三）优化注销服务。1.…； 2.…； 3.…。` and one block after them.
 */
function runsOnAsList(node: OutlineNode): boolean {
  const items = node.children.map((child) => [child.opening!, ...child.content]);
  if (items.length < 2 || node.children.some((child) => child.children.length > 0)) return false;
  const beforeLast = items.slice(0, -1);
  return beforeLast.every((paragraphs) => /[；;]$/.test(paragraphs.at(-1)!.copy.text.trim()) && paragraphs.every((paragraph) => scan(paragraph).blocks.length === 0));
}

function headingOf(node: OutlineNode): string {
  if (!node.marker) return node.title ?? node.label.trim();
  if (node.marker.kind === "num") return `${node.label}. ${node.title ?? ""}`.trim();
  if (node.marker.kind.startsWith("num-dotted")) return `${node.label} ${node.title ?? ""}`.trim();
  return `${node.label}${node.title ?? ""}`;
}

/** Clauses in document order, and the bracket texts that looked like unit blocks but did not parse. */
export interface BuiltClauses {
  clauses: DraftClause[];
  notUnderstood: string[];
}

/** Turns a plan's preamble and outline into clauses, in document order. */
export function buildClauses(entry: CatalogEntry, preamble: PlanParagraph[], outline: OutlineNode, leadFirst: boolean): BuiltClauses {
  const clauses: DraftClause[] = [];
  const notUnderstoodTexts: string[] = [];
  const ids = new Set<string>();

  const emit = (
    groups: ClauseGroup[],
    place: { idStem: string; path: string; headings: string[]; title: string | null; measure: boolean; general: boolean; titleOnly: boolean },
    inherited: ScannedParagraph | null,
  ) => {
    groups.forEach((group, index) => {
      const several = groups.length > 1;
      const assemble = (paragraphs: ScannedParagraph[]) =>
        assembleClauseUnits(
          paragraphs.map(({ paragraph, blocks, deadlines }) => ({ copy: paragraph.copy, blocks, deadlines })),
          leadFirst,
        );
      let units: ClauseUnits = assemble(group.paragraphs);
      // A clause with no block of its own takes the block of the heading above it.
      const inherits = units.unitText === null && group.paragraphs.every((scanned) => scanned.notUnderstood.length === 0) && inherited !== null;
      if (inherits) {
        const scoped = assemble([inherited]);
        units = { ...scoped, deadline: units.deadline ?? scoped.deadline };
      }
      const text = group.paragraphs.map(({ paragraph }) => paragraph.text).join("\n");
      const statement = group.paragraphs.length === 1 && matchesAny(planLexicon().generalStatements, group.paragraphs[0]!.paragraph.copy.text);
      const measure = place.measure && !place.general && !statement;
      // Paragraphs a block scopes share their heading's title; one standing alone is titled by its lead sentence.
      const leadTitle = place.titleOnly && !group.closedByBlock && !inherits ? leadingTitle(text, 16) : null;
      let id = `${entry.id}:${place.idStem}${several ? `.p${index + 1}` : ""}`;
      for (let suffix = 2; ids.has(id); suffix++) id = `${entry.id}:${place.idStem}${several ? `.p${index + 1}` : ""}-${suffix}`;
      ids.add(id);
      const { responsibleUnits, genericUnits, ...contract } = units;
      // A block that could not be read is still shown as written.
      const notUnderstood = group.paragraphs.flatMap((scanned) => scanned.notUnderstood);
      if (contract.unitText === null && notUnderstood.length > 0) contract.unitText = notUnderstood.join("\n");
      notUnderstoodTexts.push(...notUnderstood);
      clauses.push({
        id,
        docId: entry.id,
        kind: measure || units.units.length > 0 ? "measure" : "general",
        path: `${place.path}${several ? `${/\d$/.test(place.path) ? " " : ""}第${index + 1}段` : ""}`,
        headings: place.headings,
        title: leadTitle ?? place.title,
        text,
        ...contract,
        responsibleUnits,
        genericUnits,
        inMeasure: measure,
      });
    });
  };

  if (preamble.length > 0) {
    emit(
      preamble.map((paragraph) => ({ paragraphs: [scan(paragraph)], closedByBlock: false })),
      { idStem: "0", path: "前言", headings: [], title: "前言", measure: false, general: true, titleOnly: true },
      null,
    );
  }

  const walk = (node: OutlineNode, ancestors: OutlineNode[], inGeneral: boolean, inherited: ScannedParagraph | null) => {
    const chain = [...ancestors, node];
    const general = inGeneral || isGeneralTitle(node.title);
    const place = {
      idStem: chain.map((member) => member.number).join("."),
      // `2.1` already says it is under `2`.
      path: chain
        .filter((member, index) => !chain[index + 1]?.label.startsWith(`${member.label}.`))
        .map((member) => member.label)
        .join("")
        .trim(),
      headings: chain.map(headingOf),
      title: node.title ?? ancestors.findLast((ancestor) => ancestor.title)?.title ?? null,
      general,
    };
    // A head that ends in a colon, or items that run on as one sentence, make a list: the items belong to its measure.
    const introducesList = node.children.length > 0 && (/[:：]$/.test(node.head!.copy.text.trim()) || runsOnAsList(node));
    // A short head is a title when something follows it; with only a unit block after it, it is the measure itself.
    const titleOnly = node.titleOnly && !introducesList && (node.children.length > 0 || node.content.some((paragraph) => !onlyBlocks(scan(paragraph))));
    const ownText = titleOnly ? [] : [node.head!];
    const scope = titleOnly && node.headHasBlocks ? scan(node.head!) : inherited;
    if (node.children.length > 0 && !introducesList) {
      const intro = [...ownText, ...node.content].map(scan);
      // An introduction is about the whole section: a heading's block goes to the measures, not to it.
      emit(groupParagraphs(intro, true), { ...place, measure: false, titleOnly }, null);
      for (const child of node.children) walk(child, chain, general, scope);
      return;
    }
    const items = [...ownText, ...node.content, ...(introducesList ? descendantParagraphs(node) : [])];
    // A one-sentence measure is its own text.
    if (items.length === 0) items.push(node.head!);
    emit(groupParagraphs(items.map(scan), titleOnly), { ...place, measure: true, titleOnly }, scope);
  };
  for (const part of outline.children) walk(part, [], false, null);
  return { clauses: shareGroupBlocks(clauses), notUnderstood: notUnderstoodTexts };
}
