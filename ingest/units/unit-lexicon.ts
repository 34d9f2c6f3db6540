import { z } from "zod";
import { readJson } from "../../src/retrieval/lexicon.js";

/** The three roles a unit can have in a measure. */
export type UnitRole = "lead" | "responsible" | "support";

const grammarSchema = z.object({
  labels: z.object({
    lead: z.array(z.string().min(1)),
    responsible: z.array(z.string().min(1)),
    support: z.array(z.string().min(1)),
    deadline: z.array(z.string().min(1)),
  }),
  ignoredLabels: z.array(z.string().min(1)),
  verbs: z.object({
    lead: z.array(z.string().min(1)),
    support: z.array(z.string().min(1)),
    shared: z.array(z.string().min(1)),
    responsible: z.array(z.string().min(1)),
  }),
  withConnectors: z.array(z.string().min(1)),
  leadFirstPatterns: z.array(z.string().min(1)),
  deadline: z.object({
    datePattern: z.string().min(1),
    prefixes: z.array(z.string().min(1)),
    suffixes: z.array(z.string().min(1)),
    standing: z.array(z.string().min(1)),
  }),
});

const namesSchema = z.object({
  suffixes: z.array(z.string().min(1)),
  standalone: z.array(z.string().min(1)),
  weakSuffixes: z.array(z.string().min(1)),
  placePrefixes: z.array(z.string().min(1)),
  notUnits: z.array(z.string().min(1)),
  notUnitStarts: z.array(z.string().min(1)),
  generic: z.array(z.string().min(1)),
  placeholders: z.array(z.string().min(1)),
});

/** A label (`牵头单位`) or verb (`配合`) with the role it gives the names it goes with. */
export interface RoleWord<Role> {
  text: string;
  role: Role;
}

/** What a verb after a list of names says about them; `shared` (按职责分工负责) depends on whether a lead is named. */
export type VerbRole = UnitRole | "shared";

/** The unit grammar's data, from lexicon/unit-grammar.json and lexicon/unit-names.json. */
export interface UnitLexicon {
  /** Longest first, so `牵头单位` wins over `牵头`; `ignored` for labels of people and phone numbers. */
  labels: RoleWord<UnitRole | "deadline" | "ignored">[];
  verbs: RoleWord<VerbRole>[];
  /** The characters a label or a verb can start with, to skip the rest of the text fast. */
  labelStarts: ReadonlySet<string>;
  verbStarts: ReadonlySet<string>;
  withConnectors: string[];
  leadFirst: RegExp[];
  deadline: { date: RegExp; prefixes: string[]; suffixes: string[]; standing: string[] };
  names: z.infer<typeof namesSchema> & { genericPatterns: RegExp[] };
}

function byLengthDescending<T extends { text: string }>(words: T[]): T[] {
  return words.sort((left, right) => right.text.length - left.text.length);
}

function roleWords<Role extends string>(groups: Record<Role, string[]>): RoleWord<Role>[] {
  return byLengthDescending(Object.entries<string[]>(groups).flatMap(([role, texts]) => texts.map((text) => ({ text, role: role as Role }))));
}

let cached: UnitLexicon | undefined;

/** Reads the unit grammar's data once; a bad file is an error naming it. */
export function unitLexicon(): UnitLexicon {
  if (cached) return cached;
  const grammar = readJson("unit-grammar.json", grammarSchema);
  const names = readJson("unit-names.json", namesSchema);
  const labels = roleWords({ ...grammar.labels, ignored: grammar.ignoredLabels });
  const verbs = roleWords(grammar.verbs);
  cached = {
    labels,
    verbs,
    labelStarts: new Set(labels.map((label) => label.text[0]!)),
    verbStarts: new Set(verbs.map((verb) => verb.text[0]!)),
    withConnectors: grammar.withConnectors,
    leadFirst: grammar.leadFirstPatterns.map((pattern) => new RegExp(pattern)),
    deadline: { ...grammar.deadline, date: new RegExp(grammar.deadline.datePattern) },
    names: {
      ...names,
      suffixes: [...names.suffixes].sort((left, right) => right.length - left.length),
      genericPatterns: names.generic.map((pattern) => new RegExp(pattern)),
    },
  };
  return cached;
}
