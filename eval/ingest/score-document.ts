import type { ParsedDocument } from "../../ingest/parse-document.js";
import type { Clause } from "../../src/corpus/clause.js";
import { compactForMatching } from "../../src/text/normalize.js";
import type { TruthFile, TruthMeasure } from "./truth-file.js";

/** Right out of total; a score is right / total, undefined when total is 0. */
export interface Tally {
  right: number;
  total: number;
}

/** How a parse of one document compares with its truth file. */
export interface DocumentScore {
  file: string;
  /** Truth measures that a measure clause starts like. */
  measures: Tally;
  /** Unit names: those in both, out of those in either (a missed and an invented name both count against). */
  names: Tally;
  /** Of the names in both, those with the right role (lead, support, responsible). */
  roles: Tally;
  /** Of the measures with a deadline in the truth or the parse, those where both say the same. */
  deadlines: Tally;
  /** Measures the parse found that the truth does not have (headings taken for measures, split measures). */
  extraMeasures: number;
  /** What was wrong, one line each, for whoever tunes the parser. */
  notes: string[];
}

/** Text compared without case, width, script, spaces or punctuation. */
function key(text: string): string {
  return compactForMatching(text).replace(/[\p{P}\p{S}\s]/gu, "");
}

/** `1. 推进…` / `第五条 …` / `（三）…` without its numbering. */
function withoutNumbering(text: string): string {
  return text.replace(/^\s*(第[一二三四五六七八九十百零〇\d]+[章节条篇]|[（(]?[一二三四五六七八九十\d]+[)）、.．]|[\u2460-\u2473])\s*/, "");
}

function startsLike(clause: Clause, start: string): boolean {
  const wanted = key(start);
  const forms = [clause.text, `${clause.title ?? ""}${clause.text}`, withoutNumbering(clause.headings.at(-1) ?? "")];
  return forms.some((form) => key(form).startsWith(wanted) || (key(form).length >= 6 && wanted.startsWith(key(form)) && form === clause.text));
}

/** The clause id without the paragraph and length-part suffixes: the measure it belongs to. */
function stemOf(clause: Clause): string {
  return clause.id.replace(/(\.s\d+)$/, "").replace(/(\.p\d+)$/, "");
}

type Role = "lead" | "support" | "responsible";

function predictedRoles(clauses: readonly Clause[]): Map<string, { name: string; role: Role }> {
  const roles = new Map<string, { name: string; role: Role }>();
  for (const clause of clauses) {
    for (const unit of clause.units) {
      const role: Role = clause.leadUnits.includes(unit) ? "lead" : clause.supportUnits.includes(unit) ? "support" : "responsible";
      if (!roles.has(key(unit))) roles.set(key(unit), { name: unit, role });
    }
  }
  return roles;
}

function truthRoles(measure: TruthMeasure): Map<string, { name: string; role: Role }> {
  const roles = new Map<string, { name: string; role: Role }>();
  const add = (names: string[], role: Role) => names.forEach((name) => roles.has(key(name)) || roles.set(key(name), { name, role }));
  add(measure.leadUnits, "lead");
  add(measure.supportUnits, "support");
  add(measure.responsibleUnits, "responsible");
  return roles;
}

/** Scores a parsed document against its truth file. */
export function scoreDocument(parsed: ParsedDocument, truth: TruthFile): DocumentScore {
  const score: DocumentScore = {
    file: truth.file,
    measures: { right: 0, total: truth.measures.length },
    names: { right: 0, total: 0 },
    roles: { right: 0, total: 0 },
    deadlines: { right: 0, total: 0 },
    extraMeasures: 0,
    notes: [],
  };
  const narrative = parsed.clauses.filter((clause) => clause.kind !== "task");
  const matchedAt = new Map<TruthMeasure, number>();
  for (const measure of truth.measures) {
    const index = narrative.findIndex((clause, at) => clause.kind === "measure" && ![...matchedAt.values()].includes(at) && startsLike(clause, measure.start));
    if (index === -1) score.notes.push(`measure not found: ${measure.marker} ${measure.start}`);
    else matchedAt.set(measure, index);
  }
  const starts = new Set(matchedAt.values());
  for (const [measure, index] of matchedAt) {
    score.measures.right++;
    // The measure's clauses: the one it starts in and the parts of the same measure after it.
    const own = [narrative[index]!];
    for (let next = index + 1; next < narrative.length && !starts.has(next) && stemOf(narrative[next]!) === stemOf(narrative[index]!); next++) own.push(narrative[next]!);
    const expected = truthRoles(measure);
    const found = predictedRoles(own);
    const union = new Set([...expected.keys(), ...found.keys()]);
    score.names.total += union.size;
    for (const name of union) {
      const wanted = expected.get(name);
      const got = found.get(name);
      if (wanted && got) {
        score.names.right++;
        score.roles.total++;
        if (wanted.role === got.role) score.roles.right++;
        else score.notes.push(`${measure.marker} ${wanted.name}: role ${got.role}, expected ${wanted.role}`);
      } else if (wanted) score.notes.push(`${measure.marker} unit missing: ${wanted.name} (${wanted.role})`);
      else score.notes.push(`${measure.marker} unit not in the truth: ${got!.name} (${got!.role})`);
    }
    const deadline = own.map((clause) => clause.deadline).find((value) => value !== null) ?? null;
    if (measure.deadline !== null || deadline !== null) {
      score.deadlines.total++;
      if (measure.deadline !== null && deadline !== null && key(measure.deadline) === key(deadline)) score.deadlines.right++;
      else score.notes.push(`${measure.marker} deadline ${JSON.stringify(deadline)}, expected ${JSON.stringify(measure.deadline)}`);
    }
  }
  const matchedStems = new Set([...matchedAt.values()].map((index) => stemOf(narrative[index]!)));
  const extra = new Set(narrative.filter((clause) => clause.kind === "measure" && !matchedStems.has(stemOf(clause))).map(stemOf));
  score.extraMeasures = extra.size;
  for (const stem of extra) score.notes.push(`measure not in the truth: ${narrative.find((clause) => stemOf(clause) === stem)!.path}`);
  return score;
}

/** The tallies of several documents added up. */
export function addScores(scores: readonly DocumentScore[]): Omit<DocumentScore, "file" | "notes"> {
  const sum = (pick: (score: DocumentScore) => Tally): Tally => ({
    right: scores.reduce((total, score) => total + pick(score).right, 0),
    total: scores.reduce((total, score) => total + pick(score).total, 0),
  });
  return {
    measures: sum((score) => score.measures),
    names: sum((score) => score.names),
    roles: sum((score) => score.roles),
    deadlines: sum((score) => score.deadlines),
    extraMeasures: scores.reduce((total, score) => total + score.extraMeasures, 0),
  };
}

/** right / total, or undefined when there is nothing to score. */
export function ratio(tally: Tally): number | undefined {
  return tally.total === 0 ? undefined : tally.right / tally.total;
}
