import { z } from "zod";
import { readJson } from "../../src/retrieval/lexicon.js";

const words = z.array(z.string().min(1));
const planStructureSchema = z.object({
  chromeLines: words,
  bodyEnd: words,
  signatureLines: words,
  issuerSuffixes: words,
  noticeWords: words,
  noticeSentences: words,
  planWords: words,
  generalParts: words,
  generalStatements: words,
  taskTable: z.object({ task: words, number: words, category: words, lead: words, responsible: words, support: words, deadline: words }),
});

/** The shape of a plan around its measures, from lexicon/plan-structure.json (patterns compiled). */
export interface PlanLexicon {
  chromeLines: RegExp[];
  bodyEnd: RegExp[];
  signatureLines: RegExp[];
  issuerSuffixes: string[];
  noticeWords: RegExp[];
  noticeSentences: RegExp[];
  planWords: string[];
  generalParts: string[];
  generalStatements: RegExp[];
  taskTable: z.infer<typeof planStructureSchema>["taskTable"];
}

let cached: PlanLexicon | undefined;

/** Reads lexicon/plan-structure.json once; a bad file is an error naming it. */
export function planLexicon(): PlanLexicon {
  if (cached) return cached;
  const data = readJson("plan-structure.json", planStructureSchema);
  const compile = (patterns: string[]) => patterns.map((pattern) => new RegExp(pattern));
  cached = {
    ...data,
    chromeLines: compile(data.chromeLines),
    bodyEnd: compile(data.bodyEnd),
    signatureLines: compile(data.signatureLines),
    noticeWords: compile(data.noticeWords),
    noticeSentences: compile(data.noticeSentences),
    generalStatements: compile(data.generalStatements),
  };
  return cached;
}

/** Whether any pattern matches. */
export function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}
