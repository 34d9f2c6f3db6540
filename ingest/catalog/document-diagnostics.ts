import type { Clause } from "../../src/corpus/clause.js";
import type { ParsedDocument } from "../parse-document.js";

/** What an admin must look at before publishing a plan: the parser's account of its measures and units. */
export interface DocumentDiagnostics {
  /** Measures found (numbered items, or the sections that carry the measures). */
  measures: number;
  clausesWithUnits: number;
  /** Unit mentions by role, over all clauses. */
  roles: { lead: number; support: number; responsible: number };
  /** Paths of measures none of whose clauses names a unit. */
  measuresWithoutUnits: string[];
  /** Bracket contents that look like a unit block but gave no units. */
  notUnderstood: string[];
}

/** The measure a clause belongs to, as a path: `二、（一）3` for `二、（一）3 第2段（1/2）`. */
function measurePath(clause: Clause): string {
  return clause.path.replace(/（\d+\/\d+）$/, "").replace(/\s*第\d+段$/, "");
}

/** Bracketed text that reads like a unit block: `（责任单位：…）`, `（区财政局牵头）`, `（按职责分工负责）`. */
const BRACKETED = /[（(〔[【]([^（）()〔〕[\]【】]{2,120})[）)〕\]】]/g;
const UNIT_WORDS = /(单位|部门|牵头|负责|配合|协办|責任|牽頭|單位|部門)/;

/**
 * The diagnostics of one parsed document. Computed from its clauses for now;
 * when the parser reports them itself (`ParsedDocument.diagnostics`), this is
 * the one function to switch over.
 */
export function documentDiagnostics(document: ParsedDocument): DocumentDiagnostics {
  const measureClauses = document.clauses.filter((clause) => clause.kind === "measure");
  const byMeasure = new Map<string, Clause[]>();
  for (const clause of measureClauses) byMeasure.set(measurePath(clause), [...(byMeasure.get(measurePath(clause)) ?? []), clause]);
  const lead = document.clauses.reduce((sum, clause) => sum + clause.leadUnits.length, 0);
  const all = document.clauses.reduce((sum, clause) => sum + clause.units.length, 0);
  const notUnderstood = measureClauses
    .filter((clause) => clause.units.length === 0)
    .flatMap((clause) => [...clause.text.matchAll(BRACKETED)].map((match) => match[0]).filter((bracket) => UNIT_WORDS.test(bracket)));
  return {
    measures: byMeasure.size,
    clausesWithUnits: document.clauses.filter((clause) => clause.units.length > 0).length,
    roles: { lead, support: 0, responsible: all - lead },
    measuresWithoutUnits: [...byMeasure].filter(([, clauses]) => clauses.every((clause) => clause.units.length === 0)).map(([measure]) => measure),
    notUnderstood: [...new Set(notUnderstood)],
  };
}
