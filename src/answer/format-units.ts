import type { IndexedClause } from "../store/indexed-clause.js";

/** What the answer says when a document names no unit for a clause. */
export const NO_UNITS_TEXT = "该文件未列明责任单位";

/**
 * The responsible units of a clause as a line of the answer, as the document
 * writes them: leads apart from the units that share the work.
 */
export function formatUnits(clause: Pick<IndexedClause, "units" | "leadUnits">): string {
  if (clause.units.length === 0) return NO_UNITS_TEXT;
  if (clause.leadUnits.length === 0) return `责任单位：${clause.units.join("、")}`;
  const others = clause.units.filter((unit) => !clause.leadUnits.includes(unit));
  return `牵头单位：${clause.leadUnits.join("、")}${others.length > 0 ? `；配合单位：${others.join("、")}` : ""}`;
}
