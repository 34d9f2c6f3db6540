import type { Clause } from "../src/corpus/clause.js";
import { compactForMatching } from "../src/text/normalize.js";
import type { TaskRow } from "./parse-task-table.js";

/** Share of a row's character bigrams that occur in a clause: 1 when the row is quoted verbatim. */
function containment(rowText: string, clauseText: string): number {
  const row = compactForMatching(rowText).replace(/[。；，、“”‘’《》（）()]/g, "");
  const clause = compactForMatching(clauseText).replace(/[。；，、“”‘’《》（）()]/g, "");
  if (row.length < 2) return 0;
  let found = 0;
  for (let index = 0; index < row.length - 1; index++) if (clause.includes(row.slice(index, index + 2))) found++;
  return found / (row.length - 1);
}

/** How closely a row must match a narrative paragraph to lend it its units. */
const MIN_CONTAINMENT = 0.5;

/** What attaching the task table did, for the ingest report and tests. */
export interface TaskAttachment {
  clauses: Clause[];
  /** Rows that matched no narrative paragraph (they stay searchable as task clauses). */
  unmatchedRows: number[];
}

/**
 * A plan whose narrative names no units but whose attached task table does:
 * each narrative paragraph gets the 牵头部门 of the rows that restate its
 * sentences, in row order, and is marked a measure.
 */
export function attachTaskUnits(narrative: Clause[], rows: TaskRow[]): TaskAttachment {
  const rowsByClause = new Map<string, TaskRow[]>();
  const unmatchedRows: number[] = [];
  const candidates = narrative.filter((clause) => clause.headings.length >= 2);
  for (const row of rows) {
    let best: { clause: Clause; score: number } | null = null;
    for (const clause of candidates) {
      const score = containment(row.item, clause.text);
      if (!best || score > best.score) best = { clause, score };
    }
    if (!best || best.score < MIN_CONTAINMENT) {
      unmatchedRows.push(row.number);
      continue;
    }
    rowsByClause.set(best.clause.id, [...(rowsByClause.get(best.clause.id) ?? []), row]);
  }
  const clauses = narrative.map((clause): Clause => {
    const matched = rowsByClause.get(clause.id);
    if (!matched) return clause;
    const leads = [...new Set(matched.flatMap((row) => row.leadUnits))];
    const numbers = matched.map((row) => row.number).join("、");
    return {
      ...clause,
      kind: "measure",
      units: leads,
      leadUnits: leads,
      unitBlock: `（任务清单第${numbers}项，牵头部门：${leads.join("、")}）`,
    };
  });
  return { clauses, unmatchedRows };
}
