import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Clause } from "../src/corpus/clause.js";
import { chineseNumeralValue } from "../src/text/chinese-numeral.js";
import { compactForMatching } from "../src/text/normalize.js";
import { MEASURE_NUMBER, PART_HEADING, SECTION_HEADING, isHeadingOnly, type SourceParagraph } from "./extract-body.js";
import { findUnitBlocks } from "./parse-units.js";

/** Parts whose paragraphs are general statements rather than measures. */
const GENERAL_PART = /总体要求|基本原则|组织实施|组织保障|保障措施|工作要求|指导思想/;

function isGeneralPart(part: Heading | null): boolean {
  return part !== null && GENERAL_PART.test(compactForMatching(part.title));
}

interface Heading {
  /** As written for the path: `二、`, `（一）`, `7`. */
  label: string;
  number: number;
  title: string;
}

/** A paragraph placed in the document's structure, before paths and ids are final. */
interface PlacedParagraph {
  part: Heading | null;
  section: Heading | null;
  measure: Heading | null;
  title: string | null;
  text: string;
  line: number;
  general: boolean;
}

/** The first sentence of a paragraph, when it reads as a title (`优化企业注销流程。…`). */
export function leadingTitle(text: string, maxLength = 40): string | null {
  const end = text.indexOf("。");
  if (end <= 0 || end > maxLength) return null;
  return text.slice(0, end);
}

function stripLabel(text: string, pattern: RegExp): string {
  return text.replace(pattern, "").trim();
}

/** Walks the body's paragraphs, tracking part → section → measure, and places each paragraph. */
function placeParagraphs(paragraphs: SourceParagraph[]): PlacedParagraph[] {
  const placed: PlacedParagraph[] = [];
  let part: Heading | null = null;
  let section: Heading | null = null;
  let measure: Heading | null = null;

  for (const { text, line } of paragraphs) {
    const compact = compactForMatching(text);
    const partMatch = compact.match(PART_HEADING);
    if (partMatch && isHeadingOnly(text)) {
      const numeral = partMatch[0].slice(0, -1);
      part = { label: partMatch[0], number: chineseNumeralValue(numeral) ?? 0, title: stripLabel(text, /^[一二三四五六七八九十]+、/) };
      section = null;
      measure = null;
      continue;
    }
    const sectionMatch = compact.match(SECTION_HEADING);
    if (sectionMatch) {
      const numeral = sectionMatch[0].slice(1, -1);
      const body = stripLabel(text, /^[（(][一二三四五六七八九十]+[）)]/);
      const title = isHeadingOnly(text) ? body : leadingTitle(body) ?? body.slice(0, 20);
      section = { label: `（${numeral}）`, number: chineseNumeralValue(numeral) ?? 0, title };
      measure = null;
      if (isHeadingOnly(text)) continue;
      placed.push({ part, section, measure, title, text: body, line, general: isGeneralPart(part) });
      continue;
    }
    const measureMatch = compact.match(MEASURE_NUMBER);
    if (measureMatch) {
      const body = stripLabel(text, /^\d{1,2}\s*[.、．]\s*/);
      const headingOnly = isHeadingOnly(text);
      measure = { label: measureMatch[1]!, number: Number(measureMatch[1]), title: headingOnly ? body : leadingTitle(body) ?? "" };
      if (headingOnly) continue;
      placed.push({ part, section, measure, title: measure.title || null, text: body, line, general: false });
      continue;
    }
    const general = part === null || (isGeneralPart(part) && measure === null);
    const title = measure?.title || (section && !general ? leadingTitle(text, 16) : null) || section?.title || part?.title || null;
    placed.push({ part, section, measure, title: part === null ? "前言" : title, text, line, general });
  }
  return placed;
}

/** Key of the structural node a paragraph belongs to; paragraphs of one node share a path stem. */
function containerKey(paragraph: PlacedParagraph): string {
  return [paragraph.part?.number ?? 0, paragraph.section?.number ?? 0, paragraph.measure?.number ?? 0].join(".");
}

function pathStem(paragraph: PlacedParagraph): string {
  if (!paragraph.part) return "前言";
  return `${paragraph.part.label}${paragraph.section?.label ?? ""}${paragraph.measure?.label ?? ""}`;
}

function headingsOf(paragraph: PlacedParagraph): string[] {
  const headings: string[] = [];
  if (paragraph.part) headings.push(`${paragraph.part.label}${paragraph.part.title}`);
  if (paragraph.section) headings.push(`${paragraph.section.label}${paragraph.section.title}`);
  if (paragraph.measure) headings.push(`${paragraph.measure.label}. ${paragraph.measure.title}`);
  return headings;
}

/**
 * Turns body paragraphs into clauses: one per paragraph that carries its own
 * unit block (paragraphs of a measure before the block are merged into it, as
 * the block scopes them all), and one per general paragraph.
 */
export function buildClauses(entry: CatalogEntry, paragraphs: SourceParagraph[]): Clause[] {
  const placed = placeParagraphs(paragraphs);

  // Merge a measure's paragraphs that precede its unit block into the paragraph carrying it.
  const merged: PlacedParagraph[] = [];
  let pending: PlacedParagraph | null = null;
  for (const paragraph of placed) {
    if (pending && containerKey(pending) !== containerKey(paragraph)) {
      merged.push(pending);
      pending = null;
    }
    const current: PlacedParagraph = pending ? { ...pending, text: `${pending.text}\n${paragraph.text}` } : paragraph;
    const scoped = paragraph.measure !== null && !paragraph.general;
    if (findUnitBlocks(paragraph.text).length > 0 || !scoped) {
      merged.push(current);
      pending = null;
    } else pending = current;
  }
  if (pending) merged.push(pending);

  const countByContainer = new Map<string, number>();
  for (const paragraph of merged) countByContainer.set(containerKey(paragraph), (countByContainer.get(containerKey(paragraph)) ?? 0) + 1);
  const seenByContainer = new Map<string, number>();

  return merged.map((paragraph, ordinal): Clause => {
    const key = containerKey(paragraph);
    const index = (seenByContainer.get(key) ?? 0) + 1;
    seenByContainer.set(key, index);
    const several = (countByContainer.get(key) ?? 1) > 1;
    const idStem = key.replace(/(\.0)+$/, "") || "0";
    const blocks = findUnitBlocks(paragraph.text);
    const units = [...new Set(blocks.flatMap((block) => block.units))];
    const leadUnits = [...new Set(blocks.flatMap((block) => block.leadUnits))];
    return {
      id: `${entry.id}:${idStem}${several ? `.p${index}` : ""}`,
      docId: entry.id,
      ordinal,
      // A section's introduction carries no measure and no unit: it is general text too.
      kind: paragraph.general || (paragraph.measure === null && units.length === 0) ? "general" : "measure",
      path: `${pathStem(paragraph)}${several ? `${paragraph.measure ? " " : ""}第${index}段` : ""}`,
      headings: headingsOf(paragraph),
      title: paragraph.title,
      text: paragraph.text,
      units,
      leadUnits,
      unitBlock: blocks.length > 0 ? blocks.map((block) => block.raw).join("") : null,
    };
  });
}
