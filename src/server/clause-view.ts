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
  /** The text in Simplified characters, for a document written in Traditional ones; null otherwise. */
  textSimplified: z.string().nullable(),
  /** Every unit as written, leads first; responsible units are those neither lead nor support. */
  units: z.array(z.string()),
  leadUnits: z.array(z.string()),
  supportUnits: z.array(z.string()),
  deadline: z.string().nullable(),
  /** The unit block as written, or null. */
  unitText: z.string().nullable(),
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
    textSimplified: clause.textSimplified,
    units: clause.units,
    leadUnits: clause.leadUnits,
    supportUnits: clause.supportUnits,
    deadline: clause.deadline,
    unitText: clause.unitText,
  };
}
