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

/** A clause found through one of its sentences: the best sentence's cosine and its text. */
export interface RankedSentence extends RankedClause {
  sentence: string;
}

/** Narrows a search or listing; every field is optional and they combine with AND. */
export interface ClauseFilter {
  docIds?: readonly string[];
  regions?: readonly string[];
  kinds?: readonly z.infer<typeof clauseKindSchema>[];
}
