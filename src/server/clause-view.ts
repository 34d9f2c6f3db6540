import { z } from "zod";
import { clauseKindSchema } from "../corpus/clause.js";
import type { IndexedClause } from "../store/indexed-clause.js";

/** A clause as every API response shows it (the index's `id` is `clauseId` here). */
export const clauseViewSchema = z.object({
  clauseId: z.string(),
  docId: z.string(),
  docTitle: z.string(),
  docShortName: z.string(),
  region: z.string(),
  kind: clauseKindSchema,
  ordinal: z.number().int(),
  path: z.string(),
  headings: z.array(z.string()),
  title: z.string().nullable(),
  text: z.string(),
  units: z.array(z.string()),
  leadUnits: z.array(z.string()),
});
export type ClauseView = z.infer<typeof clauseViewSchema>;

/** The one mapping from a stored clause to its API shape. */
export function toClauseView(clause: IndexedClause): ClauseView {
  return {
    clauseId: clause.id,
    docId: clause.docId,
    docTitle: clause.docTitle,
    docShortName: clause.docShortName,
    region: clause.region,
    kind: clause.kind,
    ordinal: clause.ordinal,
    path: clause.path,
    headings: clause.headings,
    title: clause.title,
    text: clause.text,
    units: clause.units,
    leadUnits: clause.leadUnits,
  };
}
