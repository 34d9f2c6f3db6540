import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Clause } from "../src/corpus/clause.js";
import { CorpusError } from "../src/errors/app-errors.js";
import { traditionalToSimplified } from "../src/text/normalize.js";
import { buildClauses, type DraftClause } from "./build-clauses.js";
import type { StructuredText, TableBlock } from "./read/structured-text.js";
import { splitLongClauses } from "./split-long-clause.js";
import { buildOutline } from "./structure/build-outline.js";
import { findBody, isPageChrome } from "./structure/find-body.js";
import { fromParagraphBlock, isTable, type PlanItem, type PlanParagraph } from "./structure/plan-paragraph.js";
import { rejoinBrokenLines } from "./structure/rejoin-lines.js";
import { withoutRunningHeaders } from "./structure/running-headers.js";
import { splitAtUnitBlocks } from "./structure/split-at-unit-blocks.js";
import { attachTaskUnits, taskRowClauses } from "./tasks/attach-task-units.js";
import { readTaskTables } from "./tasks/read-task-table.js";
import { findUnclosedUnitBlock, scanUnitBlocks } from "./units/find-unit-blocks.js";
import { unitLexicon } from "./units/unit-lexicon.js";

/** What an admin checks before publishing a document (`npm run ingest -- --check`). */
export interface ParseDiagnostics {
  /** Measures found (a measure cut into parts for length counts once). */
  measures: number;
  clausesWithUnits: number;
  /** How many clauses name a unit in each role. */
  roles: { lead: number; support: number; responsible: number };
  /** Paths of measures that name no unit. */
  measuresWithoutUnits: string[];
  /** Bracket and label texts that looked like unit blocks but did not parse. */
  notUnderstood: string[];
}

/** A parsed document: its clauses in order, and what the parser found and could not read. */
export interface ParsedDocument {
  entry: CatalogEntry;
  clauses: Clause[];
  /** Task-table rows that matched no measure. */
  unmatchedTaskRows: number[];
  diagnostics: ParseDiagnostics;
}

/** Share of Han characters that Traditional → Simplified changes, above which a document is written in Traditional. */
const TRADITIONAL_SHARE = 0.05;

/** How many Han characters tell the script of a document. */
const SCRIPT_SAMPLE = 4000;

function isTraditional(texts: readonly string[]): boolean {
  const han = (texts.join("").match(/\p{Script=Han}/gu) ?? []).slice(0, SCRIPT_SAMPLE);
  if (han.length === 0) return false;
  const simplified = traditionalToSimplified(han.join(""));
  let changed = 0;
  for (let index = 0; index < han.length; index++) if (simplified[index] !== han[index]) changed++;
  return changed / han.length >= TRADITIONAL_SHARE;
}

/** Whether the plan says, in a block with 下同 or in a note of its own, that the first unit listed leads. */
function saysFirstLeads(paragraphs: readonly PlanParagraph[]): boolean {
  return paragraphs.some((paragraph) => {
    const { blocks } = scanUnitBlocks(paragraph.copy.text);
    if (blocks.some((block) => block.parse.leadFirst === "onwards")) return true;
    return blocks.every((block) => block.parse.leadFirst === "none") && unitLexicon().leadFirst.some((pattern) => pattern.test(paragraph.copy.text));
  });
}

/** A table that is not a task table, as paragraphs (its cells joined), so its text is not lost. */
function tableAsParagraphs(table: TableBlock, spacesSplitWords: boolean): PlanParagraph[] {
  return table.rows
    .map((row, index) => fromParagraphBlock({ kind: "paragraph", text: row.filter(Boolean).join(" | "), line: table.line + index }, spacesSplitWords))
    .filter((paragraph): paragraph is PlanParagraph => paragraph !== null);
}

/** The measure a clause belongs to: a measure cut into parts for length (`….s2`) is one measure. */
function measureStem(id: string): string {
  return id.replace(/\.s\d+$/, "");
}

/** How many measures the clauses hold, each part of a cut measure counted once. */
export function countMeasures(clauses: readonly Pick<Clause, "id" | "kind">[]): number {
  return new Set(clauses.filter((clause) => clause.kind === "measure").map((clause) => measureStem(clause.id))).size;
}

function diagnose(clauses: readonly Clause[], notUnderstood: string[]): ParseDiagnostics {
  const measures = new Map<string, Clause[]>();
  for (const clause of clauses.filter((candidate) => candidate.kind === "measure")) {
    const stem = measureStem(clause.id);
    measures.set(stem, [...(measures.get(stem) ?? []), clause]);
  }
  const naming = (pick: (clause: Clause) => string[]) => clauses.filter((clause) => pick(clause).length > 0).length;
  return {
    measures: measures.size,
    clausesWithUnits: naming((clause) => clause.units),
    roles: {
      lead: naming((clause) => clause.leadUnits),
      support: naming((clause) => clause.supportUnits),
      responsible: naming((clause) => clause.units.filter((unit) => !clause.leadUnits.includes(unit) && !clause.supportUnits.includes(unit))),
    },
    measuresWithoutUnits: [...measures.values()].filter((parts) => parts[0]!.units.length === 0).map((parts) => parts[0]!.path.replace(/（\d+\/\d+）$/, "")),
    notUnderstood: [...new Set(notUnderstood)],
  };
}

function toClause({ responsibleUnits: _responsible, genericUnits: _generic, inMeasure: _inMeasure, ...clause }: DraftClause, ordinal: number, traditional: boolean, docListsUnits: boolean): Clause {
  return { ...clause, ordinal, textSimplified: traditional ? traditionalToSimplified(clause.text) : null, docListsUnits };
}

/**
 * Parses one document read into structured text: its body found by its own
 * numbering, measures with their units, roles and deadlines, general
 * sections, and any task table linked to the measures it restates. Throws
 * CorpusError naming the file and line on input it cannot make sense of.
 */
export function parseDocument(structured: StructuredText, entry: CatalogEntry): ParsedDocument {
  // Text exports break lines mid-sentence and put spaces inside words; other formats keep both right.
  const textExport = structured.format === "txt" || structured.format === "md";
  let items: PlanItem[] = structured.blocks.flatMap((block): PlanItem[] => {
    if (block.kind === "table") return [block];
    const paragraph = fromParagraphBlock(block, textExport);
    return paragraph && !isPageChrome(paragraph) ? [paragraph] : [];
  });
  // A PDF reader gives whole paragraphs; should one still break lines, they are joined the same way.
  if (textExport || structured.format === "pdf") items = rejoinBrokenLines(withoutRunningHeaders(items));
  const { front, preamble, body, after } = findBody(items, entry);
  for (const item of body) {
    if (isTable(item)) continue;
    const unclosed = findUnclosedUnitBlock(item.copy.text);
    if (unclosed !== -1) {
      const opened = item.copy.writtenSlice(unclosed, Math.min(item.copy.text.length, unclosed + 30));
      throw new CorpusError(`unit block opened here never closes: "${opened}…"; close the bracket in the file`, { file: entry.file, line: item.line });
    }
  }

  const tables = [...body, ...after].filter(isTable);
  const taskTables = readTaskTables(
    tables.map((table) => ({ table, afterBody: after.includes(table) })),
    textExport,
  );
  const bodyParagraphs = splitAtUnitBlocks(
    body.flatMap((item): PlanItem[] => (!isTable(item) ? [item] : taskTables.used[tables.indexOf(item)] ? [] : tableAsParagraphs(item, textExport))),
  ).filter((item): item is PlanParagraph => !isTable(item));

  // A note on how to read the unit lists may stand anywhere before them, under the title included.
  const leadFirst = saysFirstLeads([...front.filter((item): item is PlanParagraph => !isTable(item)), ...preamble, ...bodyParagraphs]);
  const built = buildClauses(entry, preamble, buildOutline(bodyParagraphs), leadFirst);
  const attached = attachTaskUnits(built.clauses, taskTables.tables);
  const drafts = [...attached.clauses, ...taskRowClauses(entry, taskTables.tables, attached.matchedRows)];

  const traditional = isTraditional(drafts.map((clause) => clause.text));
  const docListsUnits = drafts.some((clause) => clause.unitText !== null);
  const clauses = splitLongClauses(drafts.map((draft, ordinal) => toClause(draft, ordinal, traditional, docListsUnits)));
  return { entry, clauses, unmatchedTaskRows: attached.unmatchedRows, diagnostics: diagnose(clauses, built.notUnderstood) };
}
