import type { RetrievedClause } from "../retrieval/retriever.js";
import type { Citation } from "./chat-schemas.js";

/** A retrieved clause as the API cites it, numbered `ref` (1-based, rank order). */
export function toCitation(retrieved: RetrievedClause, ref: number): Citation {
  const { clause } = retrieved;
  return {
    ref,
    clauseId: clause.id,
    docId: clause.docId,
    docTitle: clause.docTitle,
    region: clause.region,
    path: clause.path,
    title: clause.title,
    text: clause.text,
    textSimplified: clause.textSimplified,
    units: clause.units,
    leadUnits: clause.leadUnits,
    supportUnits: clause.supportUnits,
    deadline: clause.deadline,
    unitText: clause.unitText,
    score: Number(retrieved.score.toFixed(6)),
  };
}
