import type { IndexedClause } from "../store/indexed-clause.js";

/** What the answer says when a document names no unit for any of its clauses. */
export const NO_UNITS_TEXT = "该文件未列明责任单位";

/** What the answer says when the document names units elsewhere but not for this clause. */
export const NO_UNITS_HERE_TEXT = "该条未列明责任单位";

/**
 * What to say for a clause that names no unit: its block as written when the
 * parser could not read it, else whether the document names no units at all
 * (该文件未列明责任单位) or only none here (该条未列明责任单位).
 */
export function noUnitsText(clause: Pick<ClauseUnitFields, "unitText" | "docListsUnits">): string {
  if (clause.unitText) return `责任单位见原文：${clause.unitText}`;
  return clause.docListsUnits ? NO_UNITS_HERE_TEXT : NO_UNITS_TEXT;
}

/** The fields a unit line is written from. */
export type ClauseUnitFields = Pick<IndexedClause, "units" | "leadUnits" | "supportUnits" | "unitText" | "docListsUnits">;

/**
 * The units of a clause as one line of the answer, as the document writes
 * them: 牵头单位 for leads, 责任单位 for units that are responsible without
 * leading, 配合单位 for those that support. A block the parser could not read
 * is quoted as written; a clause with no block says whether the document names
 * no units at all or only none for this clause.
 */
export function formatUnits(clause: ClauseUnitFields): string {
  if (clause.units.length === 0) return noUnitsText(clause);
  const responsible = clause.units.filter((unit) => !clause.leadUnits.includes(unit) && !clause.supportUnits.includes(unit));
  const parts = [
    clause.leadUnits.length > 0 ? `牵头单位：${clause.leadUnits.join("、")}` : "",
    responsible.length > 0 ? `责任单位：${responsible.join("、")}` : "",
    clause.supportUnits.length > 0 ? `配合单位：${clause.supportUnits.join("、")}` : "",
  ];
  return parts.filter(Boolean).join("；");
}
