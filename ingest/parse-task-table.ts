import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Clause } from "../src/corpus/clause.js";
import { CorpusError } from "../src/errors/app-errors.js";
import { cleanLine } from "./extract-body.js";
import { isGenericUnit, removeSpacesInsideChinese } from "./parse-units.js";

/** One row of an attached task table (类目 / 序号 / 事项 / 牵头部门). */
export interface TaskRow {
  number: number;
  /** The part heading row above it, e.g. `一、对标先进持续优化服务，…`. */
  part: string;
  /** The 类目 cell in force, spaces removed: `（一）市场准入与退出`. */
  category: string;
  item: string;
  leadUnits: string[];
  /** The 牵头部门 cell as written, spaces removed. */
  leadCell: string;
  line: number;
}

const HEADER = /^类目\t序号\t事项\t牵头部门/;

/** Removes the spaces the export wrapped into cells (`园区 海关`, `市 市场监管局`). */
function cleanCell(cell: string): string {
  return removeSpacesInsideChinese(cleanLine(cell)).replace(/\s+(?=\S)/g, (space, offset, whole: string) =>
    /[A-Za-z0-9]/.test(whole[offset - 1] ?? "") && /[A-Za-z0-9]/.test(whole[offset + space.length] ?? "") ? " " : "",
  );
}

/**
 * Reads the tab-separated task table attached to a plan. The table repeats its
 * header on every page and only names the 类目 on the first row of each group.
 */
export function parseTaskTable(raw: string, entry: CatalogEntry): TaskRow[] {
  const lines = raw.split(/\r?\n/);
  const firstHeader = lines.findIndex((line) => HEADER.test(line));
  if (firstHeader === -1) return [];
  const rows: TaskRow[] = [];
  let part = "";
  let category = "";
  for (let index = firstHeader; index < lines.length; index++) {
    const line = lines[index]!;
    if (line.trim() === "" || HEADER.test(line)) continue;
    if (!line.includes("\t")) break; // the distribution list after the table
    const cells = line.split("\t");
    if (cells.length !== 4) {
      throw new CorpusError(`task table row has ${cells.length} cells, expected 4 (类目, 序号, 事项, 牵头部门)`, {
        file: entry.file,
        line: index + 1,
      });
    }
    const [categoryCell, numberCell, itemCell, leadCell] = cells.map(cleanCell) as [string, string, string, string];
    if (numberCell === "" && itemCell === "" && leadCell === "") {
      part = categoryCell;
      continue;
    }
    if (categoryCell !== "") category = categoryCell;
    const number = Number(numberCell);
    if (!Number.isInteger(number) || number <= 0) {
      throw new CorpusError(`task table row number "${numberCell}" is not a positive integer`, { file: entry.file, line: index + 1 });
    }
    if (itemCell === "" || leadCell === "") {
      throw new CorpusError(`task table row ${number} has an empty 事项 or 牵头部门`, { file: entry.file, line: index + 1 });
    }
    const leadUnits = [...new Set(leadCell.split(/[、，,]/).map((name) => name.trim()))].filter((name) => name && !isGenericUnit(name));
    rows.push({ number, part, category, item: itemCell, leadUnits, leadCell, line: index + 1 });
  }
  return rows;
}

/** The category without its numeral: `（一）市场准入与退出` → `市场准入与退出`. */
function categoryName(category: string): string {
  return category.replace(/^[（(][一二三四五六七八九十]+[）)]/, "");
}

/** Task-table rows as searchable clauses, numbered after the narrative clauses. */
export function taskRowsToClauses(entry: CatalogEntry, rows: TaskRow[], firstOrdinal: number): Clause[] {
  return rows.map((row, index) => ({
    id: `${entry.id}:task.${row.number}`,
    docId: entry.id,
    ordinal: firstOrdinal + index,
    kind: "task",
    path: `附件 任务清单 第${row.number}项`,
    headings: ["附件：任务清单", row.part, row.category].filter(Boolean),
    title: categoryName(row.category) || null,
    text: `${row.item}（牵头部门：${row.leadCell}）`,
    units: row.leadUnits,
    leadUnits: row.leadUnits,
    unitBlock: `（牵头部门：${row.leadCell}）`,
  }));
}
