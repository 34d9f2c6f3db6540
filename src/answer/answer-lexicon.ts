import { z } from "zod";
import { CorpusError } from "../errors/app-errors.js";
import { readJson } from "../retrieval/lexicon.js";

/**
 * What a question can ask for, most specific first (the order cues are matched in). `deadline` (by when
 * is the measure done: 什么时候完成) comes last, so 什么时候截止 stays a `date`; it is answered from the
 * measure's 完成时限, never a gap.
 */
export const questionKinds = ["contact", "date", "time", "ratio", "amount", "quantity", "materials", "conditions", "unit", "place", "procedure", "yesno", "deadline"] as const;
export type QuestionKind = (typeof questionKinds)[number];

/** The kinds of fact a sentence can hold that a gap reply can say are missing. */
export type FactKind = Extract<QuestionKind, "contact" | "date" | "time" | "ratio" | "amount" | "quantity" | "materials" | "conditions">;

const questionKindSchema = z.enum(questionKinds);
const intentsSchema = z.object({
  questionKinds: z.partialRecord(questionKindSchema, z.array(z.string().min(1))),
  /** Cues with words between their parts (什么…条件, 补贴…多少), as regular expressions over normalised, lower-cased text. */
  questionPatterns: z.partialRecord(questionKindSchema, z.array(z.string().min(1))).default({}),
  /** Who-is-responsible cues, shared with query understanding: the `unit` kind's cues. */
  asksForUnit: z.array(z.string().min(1)),
  gapKinds: z.array(questionKindSchema),
  notCues: z.array(z.string().min(1)).default([]),
  notTopics: z.array(z.string().min(1)).default([]),
});
const factPatternsSchema = z.object({ patterns: z.record(z.string(), z.array(z.string().min(1))) });
const glossarySchema = z.object({
  units: z.record(z.string(), z.string()).default({}),
  unitPrefixes: z.record(z.string(), z.string()).default({}),
});

/** The data the answer composer reads from `lexicon/`: question cues, fact patterns, English unit names. */
export interface AnswerLexicon {
  /** Cues per question kind, in {@link questionKinds} order; a cue starting with `^` only counts at the start of a sentence. */
  questionCues: { kind: QuestionKind; cues: string[]; patterns: RegExp[] }[];
  /** Wordings that look like cues but ask nothing (好几次, 这几个): taken out before cues are read. */
  notCues: string[];
  /** Words too general to name what a gap reply says is missing (苏州, 企业, 现在). */
  notTopics: ReadonlySet<string>;
  /** The kinds whose absence from every cited sentence makes the reply a gap reply. */
  gapKinds: ReadonlySet<FactKind>;
  /** Patterns that show a sentence holds a kind of fact. */
  factPatterns: ReadonlyMap<FactKind, RegExp[]>;
  /** Unit name without its level prefix → English (`行政审批局` → `Administrative Approval Bureau`). */
  unitNamesEn: Record<string, string>;
  /** Level prefixes of unit names → English (`区` → `District `), longest first. */
  unitPrefixesEn: [string, string][];
}

/** A lexicon pattern as a RegExp; a bad one is a CorpusError naming its file and entry. */
function compile(file: string, entry: string, pattern: string, flags = "u"): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (error) {
    throw new CorpusError(`lexicon/${file}: ${entry}: ${(error as Error).message}`, { file });
  }
}

/** Reads intents.json (question kinds), fact-patterns.json and the glossary's unit names; a bad file names itself. */
export function loadAnswerLexicon(): AnswerLexicon {
  const intents = readJson("intents.json", intentsSchema);
  const patterns = readJson("fact-patterns.json", factPatternsSchema).patterns;
  const glossary = readJson("glossary-en.json", glossarySchema);
  const gapKinds = new Set(intents.gapKinds.filter((kind): kind is FactKind => kind in patterns));
  return {
    questionCues: questionKinds.map((kind) => ({
      kind,
      cues: kind === "unit" ? intents.asksForUnit : (intents.questionKinds[kind] ?? []),
      patterns: (intents.questionPatterns[kind] ?? []).map((pattern) => compile("intents.json", `questionPatterns.${kind}`, pattern, "gu")),
    })),
    notCues: intents.notCues,
    notTopics: new Set(intents.notTopics),
    gapKinds,
    factPatterns: new Map(
      Object.entries(patterns)
        .filter(([kind]) => questionKindSchema.safeParse(kind).success)
        .map(([kind, list]) => [kind as FactKind, list.map((pattern) => compile("fact-patterns.json", kind, pattern))]),
    ),
    unitNamesEn: glossary.units,
    unitPrefixesEn: Object.entries(glossary.unitPrefixes).sort((left, right) => right[0].length - left[0].length),
  };
}
