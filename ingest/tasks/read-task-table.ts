import type { TableBlock } from "../read/structured-text.js";
import { planLexicon } from "../structure/plan-lexicon.js";
import { cleanParagraphText } from "../structure/plan-paragraph.js";
import { createAnalysisCopy } from "../../src/text/analysis-copy.js";
import { assembleClauseUnits, type ClauseUnits } from "../units/clause-units.js";
import { parseUnitText } from "../units/parse-unit-text.js";
import type { UnitRole } from "../units/unit-lexicon.js";

/** What a column of a task table holds. */
type ColumnRole = "number" | "category" | "task" | UnitRole | "deadline" | "other";

/** A unit or deadline cell as the table writes it, under its header, with the role its column gives. */
export interface TaskCell {
  header: string;
  text: string;
  role: UnitRole | "deadline";
}

/** One row of a task table (重点任务 / 牵头单位 / 配合单位 / 完成时限 …). */
export interface TaskRow {
  number: number;
  /** The part heading row above it, e.g. `一、对标先进持续优化服务，…`. */
  part: string;
  /** The category cell in force (tables only write it on the first row of a group). */
  category: string;
  /** The task as written. */
  item: string;
  units: ClauseUnits;
  /** The unit and deadline cells as written, for display. */
  cells: TaskCell[];
  line: number;
}

/** A task table of the plan, and whether it stood after the body (an attachment). */
export interface TaskTable {
  rows: TaskRow[];
  afterBody: boolean;
}

/** The task tables found, and for each table given whether it was one (the others are ordinary tables). */
export interface TaskTableScan {
  tables: TaskTable[];
  used: boolean[];
}

function columnRole(header: string): ColumnRole {
  const words = planLexicon().taskTable;
  const text = createAnalysisCopy(header).text.replace(/\s+/g, "");
  if (text === "") return "other";
  const has = (list: string[]) => list.some((word) => text.includes(word));
  if (words.number.some((word) => text === word)) return "number";
  if (has(words.deadline)) return "deadline";
  if (has(words.lead)) return "lead";
  if (has(words.support)) return "support";
  if (has(words.responsible)) return "responsible";
  if (has(words.category)) return "category";
  if (has(words.task)) return "task";
  return "other";
}

/** Column roles of a header row, or null when the row is not a task table's header (no task column or no unit column). */
function headerRoles(row: readonly string[]): ColumnRole[] | null {
  let roles = row.map(columnRole);
  // Two task columns (工作任务 | 具体措施): the broader one, written first, groups the rows; the last is the task.
  const lastTask = roles.lastIndexOf("task");
  roles = roles.map((role, column) => (role === "task" && column !== lastTask ? "category" : role));
  const hasUnits = roles.some((role) => role === "lead" || role === "responsible" || role === "support");
  if (!roles.includes("task") || !hasUnits) return null;
  // With a support column and no lead column, the responsible column names who leads (责任部门 / 协办部门).
  if (roles.includes("support") && !roles.includes("lead")) return roles.map((role) => (role === "responsible" ? "lead" : role));
  return roles;
}

function unitsOfCells(cells: { text: string; role: UnitRole | "deadline" }[]): ClauseUnits {
  return assembleClauseUnits(
    cells.map(({ text, role }) => {
      const copy = createAnalysisCopy(text);
      const span = { start: 0, end: copy.text.length };
      return { copy, blocks: [{ kind: "label" as const, span, parse: parseUnitText(copy.text, span, { role }) }] };
    }),
    false,
  );
}

/**
 * Reads every task table among a plan's tables: any whose header has a task
 * column (重点任务, 工作任务, 事项, 具体措施 …) and a column of units (牵头, 责任,
 * 配合, 协办 …), optionally numbers, categories and deadlines (完成时限, 时间节点).
 * A table with no header of its own continues the previous task table when
 * it has as many columns. Headers repeated on every page are skipped.
 */
export function readTaskTables(tables: readonly { table: TableBlock; afterBody: boolean }[], spacesSplitWords: boolean): TaskTableScan {
  const result: TaskTable[] = [];
  const used: boolean[] = [];
  let roles: ColumnRole[] | null = null;
  let headers: string[] = [];
  let current: TaskTable | null = null;
  let part = "";
  let category = "";
  for (const { table, afterBody } of tables) {
    const rows = table.rows.map((row) => row.map((cell) => cleanParagraphText(cell, spacesSplitWords)));
    const headerIndex = rows.slice(0, 3).findIndex((row) => headerRoles(row) !== null);
    if (headerIndex !== -1) {
      roles = headerRoles(rows[headerIndex]!)!;
      headers = rows[headerIndex]!;
      current = { rows: [], afterBody };
      result.push(current);
      part = "";
      category = "";
    } else if (!current || !roles || rows[0]?.length !== roles.length) {
      used.push(false);
      continue;
    }
    used.push(true);
    for (const [index, cells] of rows.entries()) {
      if (index <= headerIndex || cells.join("") === headers.join("")) continue;
      const cellOf = (role: ColumnRole) => cells.filter((_, column) => roles![column] === role).join("");
      const filled = cells.filter((cell) => cell !== "");
      if (filled.length === 1 && cells[0] !== "" && cellOf("task") === "") {
        part = cells[0]!;
        continue;
      }
      if (cellOf("category")) category = cellOf("category");
      const item = cellOf("task");
      if (item === "") continue;
      const unitCells = cells
        .map((text, column) => ({ text, role: roles![column]!, header: headers[column] ?? "" }))
        .filter((cell): cell is { text: string; role: UnitRole | "deadline"; header: string } => ["lead", "responsible", "support", "deadline"].includes(cell.role) && cell.text !== "");
      const written = Number(cellOf("number"));
      current.rows.push({
        number: Number.isInteger(written) && written > 0 ? written : current.rows.length + 1,
        part,
        category,
        item,
        units: unitsOfCells(unitCells),
        cells: unitCells,
        line: table.line + index,
      });
    }
  }
  return { tables: result.filter((taskTable) => taskTable.rows.length > 0), used };
}
