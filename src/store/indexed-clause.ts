import { z } from "zod";
import { clauseKindSchema, clauseSchema } from "../corpus/clause.js";

/** A clause as the index stores it: the clause plus its document's metadata. */
export const indexedClauseSchema = clauseSchema.extend({
  docTitle: z.string(),
  docShortName: z.string(),
  region: z.string(),
  year: z.number().int(),
});
export type IndexedClause = z.infer<typeof indexedClauseSchema>;

/** A clause returned by a search, with the score of that search (higher is better). */
export interface RankedClause {
  clause: IndexedClause;
  score: number;
}

/** Narrows a search or listing; every field is optional and they combine with AND. */
export interface ClauseFilter {
  docIds?: readonly string[];
  regions?: readonly string[];
  kinds?: readonly z.infer<typeof clauseKindSchema>[];
}

/** The columns read back for a clause; vectors and tokens stay in the table. */
export const CLAUSE_COLUMNS = [
  "id",
  "docId",
  "docTitle",
  "docShortName",
  "region",
  "year",
  "ordinal",
  "kind",
  "path",
  "headings",
  "title",
  "text",
  "units",
  "leadUnits",
  "supportUnits",
  "deadline",
  "unitText",
  "textSimplified",
  "docListsUnits",
] as const;

/** LanceDB returns Arrow vectors for list columns: turn them into plain arrays before validating. */
function plainArray(value: unknown): unknown {
  if (value && typeof value === "object" && "toArray" in value && typeof value.toArray === "function") {
    return Array.from(value.toArray() as Iterable<unknown>);
  }
  return value;
}

/** Validates one row read from LanceDB and returns the clause it holds. */
export function parseClauseRow(row: Record<string, unknown>): IndexedClause {
  return indexedClauseSchema.parse({
    id: row.id,
    docId: row.docId,
    docTitle: row.docTitle,
    docShortName: row.docShortName,
    region: row.region,
    year: Number(row.year),
    ordinal: Number(row.ordinal),
    kind: row.kind,
    path: row.path,
    headings: plainArray(row.headings),
    title: row.title ?? null,
    text: row.text,
    units: plainArray(row.units),
    leadUnits: plainArray(row.leadUnits),
    supportUnits: plainArray(row.supportUnits),
    deadline: row.deadline ?? null,
    unitText: row.unitText ?? null,
    textSimplified: row.textSimplified ?? null,
    docListsUnits: row.docListsUnits,
  });
}
