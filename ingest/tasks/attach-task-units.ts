import type { CatalogEntry } from "../../src/corpus/catalog.js";
import { compactForMatching } from "../../src/text/normalize.js";
import type { DraftClause } from "../build-clauses.js";
import { leadingTitle } from "../structure/build-outline.js";
import type { TaskCell, TaskRow, TaskTable } from "./read-task-table.js";

const PUNCTUATION = /[。；，、“”‘’《》（）()\s,;:：]/g;

/** Share of a row's character bigrams that occur in a clause: 1 when the row is quoted verbatim. */
function containment(rowText: string, clauseText: string): number {
  const row = compactForMatching(rowText).replace(PUNCTUATION, "");
  const clause = compactForMatching(clauseText).replace(PUNCTUATION, "");
  if (row.length < 2) return 0;
  let found = 0;
  for (let index = 0; index < row.length - 1; index++) if (clause.includes(row.slice(index, index + 2))) found++;
  return found / (row.length - 1);
}

/** How closely a row must match a measure to lend it its units. */
const MIN_CONTAINMENT = 0.5;

/** What attaching the task tables did. */
export interface TaskAttachment {
  clauses: DraftClause[];
  /** Numbers of rows that matched no measure (they stay searchable as task clauses). */
  unmatchedRows: number[];
  /** The rows that restate a measure of the narrative. */
  matchedRows: Set<TaskRow>;
}

function unique(names: string[]): string[] {
  return [...new Set(names)];
}

/** `牵头部门：区发改委；时间节点：2024年6月底前`: a row's unit and deadline cells as written, under their headers. */
function cellsText(cells: readonly TaskCell[]): string {
  return cells.map((cell) => `${cell.header}：${cell.text}`).join("；");
}

/** What rows lend a measure, under the table's headers: the units each column names (generic phrases left out) and the deadlines. */
function lentText(rows: readonly TaskRow[]): string {
  const roleOfHeader = new Map(rows.flatMap((row) => row.cells.map((cell) => [cell.header, cell.role] as const)));
  const valuesOf = (row: TaskRow, role: TaskCell["role"]): string[] => {
    if (role === "deadline") return row.units.deadline ? [row.units.deadline] : [];
    return role === "lead" ? row.units.leadUnits : role === "support" ? row.units.supportUnits : row.units.responsibleUnits;
  };
  return [...roleOfHeader]
    .map(([header, role]) => [header, unique(rows.flatMap((row) => valuesOf(row, role)))] as const)
    .filter(([, values]) => values.length > 0)
    .map(([header, values]) => `${header}：${values.join("、")}`)
    .join("；");
}

/**
 * Links task-table rows to the measures they restate, by text overlap: a
 * measure that names no units of its own takes the units, roles and deadlines
 * of its rows, in row order, with a note naming the rows.
 */
export function attachTaskUnits(narrative: DraftClause[], tables: readonly TaskTable[]): TaskAttachment {
  const rowsByClause = new Map<string, TaskRow[]>();
  const unmatchedRows: number[] = [];
  const matchedRows = new Set<TaskRow>();
  const candidates = narrative.filter((clause) => clause.inMeasure);
  for (const row of tables.flatMap((table) => table.rows)) {
    let best: { clause: DraftClause; score: number } | null = null;
    for (const clause of candidates) {
      const score = containment(row.item, clause.text);
      if (!best || score > best.score) best = { clause, score };
    }
    if (!best || best.score < MIN_CONTAINMENT) unmatchedRows.push(row.number);
    else {
      rowsByClause.set(best.clause.id, [...(rowsByClause.get(best.clause.id) ?? []), row]);
      matchedRows.add(row);
    }
  }
  const clauses = narrative.map((clause): DraftClause => {
    const rows = rowsByClause.get(clause.id);
    if (!rows || clause.units.length > 0) return clause;
    const leadUnits = unique(rows.flatMap((row) => row.units.leadUnits));
    const supportUnits = unique(rows.flatMap((row) => row.units.supportUnits)).filter((unit) => !leadUnits.includes(unit));
    const responsibleUnits = unique(rows.flatMap((row) => row.units.responsibleUnits)).filter((unit) => !leadUnits.includes(unit) && !supportUnits.includes(unit));
    const deadlines = unique(rows.flatMap((row) => (row.units.deadline ? [row.units.deadline] : [])));
    return {
      ...clause,
      kind: "measure",
      units: unique([...leadUnits, ...rows.flatMap((row) => row.units.units)]),
      leadUnits,
      supportUnits,
      responsibleUnits,
      deadline: deadlines.length > 0 ? deadlines.join("；") : null,
      unitText: `（任务清单第${rows.map((row) => row.number).join("、")}项，${lentText(rows)}）`,
    };
  });
  return { clauses, unmatchedRows, matchedRows };
}

/** The category without its numeral: `（一）市场准入与退出` → `市场准入与退出`. */
function categoryName(category: string): string {
  return category.replace(/^[（(][一二三四五六七八九十]+[）)]/, "");
}

/**
 * Task-table rows as searchable clauses of their own. A row of a table in the
 * plan's body that restates no measure of its text is a measure itself (a plan
 * written as one table: 序号 | 工作任务 | 具体措施 | 牵头单位 …), titled by its lead
 * sentence; rows of an attachment, and rows restating a measure, are tasks.
 */
export function taskRowClauses(entry: CatalogEntry, tables: readonly TaskTable[], matchedRows: ReadonlySet<TaskRow> = new Set()): DraftClause[] {
  const ids = new Set<string>();
  return tables.flatMap((table, tableIndex) =>
    table.rows.map((row): DraftClause => {
      let id = `${entry.id}:task.${tableIndex > 0 ? `${tableIndex + 1}.` : ""}${row.number}`;
      for (let suffix = 2; ids.has(id); suffix++) id = `${entry.id}:task.${row.number}-${suffix}`;
      ids.add(id);
      const unitText = row.cells.length > 0 ? `（${cellsText(row.cells)}）` : null;
      const { responsibleUnits, genericUnits, ...units } = row.units;
      const measure = !table.afterBody && !matchedRows.has(row);
      return {
        id,
        docId: entry.id,
        kind: measure ? "measure" : "task",
        path: `${table.afterBody ? "附件 " : ""}任务清单 第${row.number}项`,
        headings: [table.afterBody ? "附件：任务清单" : "任务清单", row.part, row.category].filter(Boolean),
        title: (measure ? leadingTitle(row.item) : null) ?? (categoryName(row.category) || null),
        text: `${row.item}${unitText ?? ""}`,
        ...units,
        unitText,
        responsibleUnits,
        genericUnits,
        inMeasure: measure,
      };
    }),
  );
}
