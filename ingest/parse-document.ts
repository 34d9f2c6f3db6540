import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Clause } from "../src/corpus/clause.js";
import { CorpusError } from "../src/errors/app-errors.js";
import { attachTaskUnits } from "./attach-task-units.js";
import { buildClauses } from "./build-clauses.js";
import { extractBody } from "./extract-body.js";
import { findUnclosedUnitBlock } from "./parse-units.js";
import { parseTaskTable, taskRowsToClauses } from "./parse-task-table.js";
import { splitLongClauses } from "./split-long-clause.js";

/** A parsed document: its clauses in order, and what the parser had to work around. */
export interface ParsedDocument {
  entry: CatalogEntry;
  clauses: Clause[];
  /** Task-table rows that matched no narrative paragraph. */
  unmatchedTaskRows: number[];
}

/**
 * Parses one seed document into clauses with their responsible units: the body
 * (narrative measures and general sections) and, where the plan attaches one,
 * its task table. Throws CorpusError naming the file and line on bad input.
 */
export function parseDocument(raw: string, entry: CatalogEntry): ParsedDocument {
  const paragraphs = extractBody(raw, entry);
  for (const paragraph of paragraphs) {
    const unclosed = findUnclosedUnitBlock(paragraph.text);
    if (unclosed !== -1) {
      throw new CorpusError(`unit block opened here never closes: "${paragraph.text.slice(unclosed, unclosed + 30)}…"`, {
        file: entry.file,
        line: paragraph.line,
      });
    }
  }
  let clauses = buildClauses(entry, paragraphs);
  let unmatchedTaskRows: number[] = [];
  const rows = parseTaskTable(raw, entry);
  if (rows.length > 0) {
    const attached = attachTaskUnits(clauses, rows);
    unmatchedTaskRows = attached.unmatchedRows;
    clauses = [...attached.clauses, ...taskRowsToClauses(entry, rows, attached.clauses.length)];
  }
  return { entry, clauses: splitLongClauses(clauses), unmatchedTaskRows };
}
