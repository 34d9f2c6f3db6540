import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { projectRoot } from "../config/app-config.js";
import { CorpusError } from "../errors/app-errors.js";
import { readTermList } from "../text/segment-words.js";

const placesSchema = z.object({
  regions: z.array(z.object({ region: z.string(), names: z.array(z.string().min(1)).min(1) })),
  /** Places outside the corpus: a question about only these is not answered from these documents. */
  elsewhere: z.array(z.string().min(1)),
  /** Names of the corpus's places that other places share (浦东新区, 杭州高新区): an `elsewhere` place beside them wins. */
  ambiguous: z.array(z.string().min(1)),
});
const synonymsSchema = z.object({ synonyms: z.array(z.object({ say: z.array(z.string().min(1)).min(1), means: z.array(z.string().min(1)).min(1) })) });
const intentsSchema = z.object({
  asksForUnit: z.array(z.string().min(1)),
  asksForNumber: z.array(z.string().min(1)),
  asksForUnitDuties: z.array(z.string().min(1)),
  /** Words that point back (这个, 该项, 上述): a question that says one continues the previous one. */
  followUpMarkers: z.array(z.string().min(1)),
  /** Openers of a follow-up (那…, 还有…, what about …): only at the start, and only for a question with little topic of its own. */
  followUpOpeners: z.array(z.string().min(1)).default([]),
  /** Requests to expand on the previous answer (举个例子, 具体是哪几个, tell me more): anywhere, for a question with little topic of its own. */
  followUpRequests: z.array(z.string().min(1)).default([]),
  /** Questions about other or all places (各地, 别的区, which plans): a conversation's place is not kept for them. */
  asksAcrossPlaces: z.array(z.string().min(1)).default([]),
  /** Words that name no topic of their own (措施, 推进, 重点): a question of only these continues the previous one. */
  genericWords: z.array(z.string().min(1)).default([]),
  /** Endings of words that name an attribute of something (满意率, 比例, 时限): alone they need an owner. */
  attributeSuffixes: z.array(z.string().min(1)).default([]),
  /** Cues for the current state (最新, 现在, 今年, 目前): the newest plan of a region comes first. */
  asksForNewest: z.array(z.string().min(1)).default([]),
});
const glossarySchema = z.object({ terms: z.record(z.string(), z.string()) });
const injectionSchema = z.object({ patterns: z.array(z.string().min(1)) });
const outOfScopeSchema = z.object({ classes: z.record(z.string(), z.array(z.string().min(1))) });
const unitAliasesSchema = z.object({ aliases: z.array(z.object({ say: z.array(z.string().min(2)).min(1), units: z.array(z.string().min(1)).min(1) })) });

/** The hand-tuned data that query understanding reads, from `lexicon/`. */
export interface Lexicon {
  places: z.infer<typeof placesSchema>["regions"];
  elsewhere: string[];
  ambiguousPlaces: string[];
  synonyms: z.infer<typeof synonymsSchema>["synonyms"];
  intents: z.infer<typeof intentsSchema>;
  /** English term → Chinese term, for English questions. */
  glossary: Record<string, string>;
  /** Phrases that try to steer the assistant; removed from a question before searching. */
  injectionPatterns: RegExp[];
  /** Short names callers use for units (审批局, 人社) → the unit dictionary's names. */
  unitAliases: z.infer<typeof unitAliasesSchema>["aliases"];
  /** Classes of requests the plans never answer (personal services, general knowledge, code, configuration) → their words. */
  outOfScope: Record<string, string[]>;
  /** Words dropped from questions before full-text search and coverage checks. */
  stopwords: ReadonlySet<string>;
  /** English words a dictionary lookup skips (function words, 'plan', 'district'). */
  englishStopwords: ReadonlySet<string>;
}

/** Where the lexicon files live. */
export const lexiconDir = path.join(projectRoot, "lexicon");

/** Reads and validates one JSON file of `lexicon/`; a bad file is a CorpusError naming it. */
export function readJson<T>(file: string, schema: z.ZodType<T>): T {
  const full = path.join(lexiconDir, file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(full, "utf8"));
  } catch (error) {
    throw new CorpusError(`cannot read lexicon file: ${(error as Error).message}`, { file: full });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CorpusError(`lexicon field ${issue?.path.join(".")}: ${issue?.message}`, { file: full });
  }
  return parsed.data;
}

/** Reads and validates every lexicon file; a bad file is an error naming it. */
export function loadLexicon(): Lexicon {
  return {
    ...(() => {
      const places = readJson("places.json", placesSchema);
      return { places: places.regions, elsewhere: places.elsewhere, ambiguousPlaces: places.ambiguous };
    })(),
    synonyms: readJson("synonyms.json", synonymsSchema).synonyms,
    intents: readJson("intents.json", intentsSchema),
    glossary: readJson("glossary-en.json", glossarySchema).terms,
    injectionPatterns: readJson("injection-patterns.json", injectionSchema).patterns.map((pattern) => new RegExp(pattern, "gi")),
    unitAliases: readJson("unit-aliases.json", unitAliasesSchema).aliases,
    outOfScope: readJson("out-of-scope.json", outOfScopeSchema).classes,
    stopwords: new Set(readTermList(path.join(lexiconDir, "stopwords.txt"))),
    englishStopwords: new Set(readTermList(path.join(lexiconDir, "english-stopwords.txt"))),
  };
}
