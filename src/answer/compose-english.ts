import type { IndexedClause } from "../store/indexed-clause.js";
import type { AnswerLexicon, FactKind } from "./answer-lexicon.js";
import { furtherLine, sameUnits, sourceOf } from "./compose-extractive.js";
import { formatUnits, NO_UNITS_TEXT } from "./format-units.js";
import type { AnswerPlan, QuotedClause } from "./plan-answer.js";

/** How an English gap reply names what the documents do not set. */
const MISSING_FACT_EN: Record<FactKind, string> = {
  time: "a specific time limit",
  date: "a specific date",
  ratio: "a specific rate or share",
  amount: "a specific amount or rate",
  quantity: "a specific number",
  materials: "a list of the materials to submit",
  conditions: "specific conditions",
  contact: "a phone number",
};

/**
 * A unit in English where the glossary knows it, with the Chinese name the
 * document writes (which is what a caller asks for at the counter):
 * `District Administrative Approval Bureau (区行政审批局)`.
 */
export function englishUnitName(name: string, lexicon: Pick<AnswerLexicon, "unitNamesEn" | "unitPrefixesEn">): string {
  const direct = lexicon.unitNamesEn[name];
  if (direct) return `${direct} (${name})`;
  for (const [prefix, english] of lexicon.unitPrefixesEn) {
    const core = name.startsWith(prefix) ? lexicon.unitNamesEn[name.slice(prefix.length)] : undefined;
    if (core) return `${english}${core} (${name})`;
  }
  return name;
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Characters of quotes and units an English answer holds before further measures are only named (answers stay under 600). */
const ENGLISH_QUOTE_BUDGET = 520;

/** Units beyond this many are listed by their Chinese names only, so a long unit block stays one line. */
const ENGLISH_UNIT_NAMES = 3;

/** The responsible units of a clause as an English sentence; leads apart from the units that share the work. */
export function englishUnits(clause: Pick<IndexedClause, "units" | "leadUnits">, lexicon: AnswerLexicon): string {
  if (clause.units.length === 0) return `The plan names no responsible unit (${NO_UNITS_TEXT}).`;
  const leads = clause.leadUnits.length > 0 ? clause.leadUnits : clause.units;
  const others = clause.units.filter((unit) => !leads.includes(unit));
  const names = [...leads, ...others].map((unit, index) => (index < ENGLISH_UNIT_NAMES ? englishUnitName(unit, lexicon) : unit));
  const [leadNames, otherNames] = [names.slice(0, leads.length), names.slice(leads.length)];
  const head = clause.leadUnits.length > 0 ? `Led by ${list(leadNames)}` : `Responsible: ${list(leadNames)}`;
  return `${head}${otherNames.length > 0 ? `, with ${list(otherNames)}` : ""}.`;
}

function quote(entry: QuotedClause): string {
  return `“${entry.sentences.join("")}” [${entry.ref}]`;
}

/**
 * The English counterpart of `composeExtractive`: the same plan, with English
 * sentences around the clause quoted in Chinese as the document writes it,
 * and unit names in English where the glossary knows them.
 */
export function composeEnglish(plan: AnswerPlan, lexicon: AnswerLexicon): string {
  const [lead] = plan.leads;
  if (!lead) return "";
  const lines: string[] = [];
  const overflow: AnswerPlan["further"] = [];
  if (plan.shape === "duties") {
    lines.push(`Measures ${list(plan.dutyUnits.map((unit) => englishUnitName(unit, lexicon)))} is responsible for (leads first, ${plan.leads.length} listed):`);
    for (const entry of plan.leads) lines.push(`· ${sourceOf(entry.retrieved.clause)}: ${quote(entry)}`);
    return lines.join("\n");
  }
  const opening = plan.gap ? `The plans set no ${MISSING_FACT_EN[plan.gap.kind].replace(/^an? /, "")} for this. ` : "";
  if (plan.shape === "cross") {
    lines.push(`${opening}What each plan says:`);
    for (const entry of plan.leads) lines.push(`· ${sourceOf(entry.retrieved.clause)}: ${quote(entry)} ${englishUnits(entry.retrieved.clause, lexicon)}`);
  } else {
    const clause = lead.retrieved.clause;
    if (plan.unitsFirst && !plan.gap) {
      lines.push(`${englishUnits(clause, lexicon).replace(/\.$/, "")} [${lead.ref}].`, `The measure, ${sourceOf(clause)}, reads: ${quote(lead)}`);
    } else {
      lines.push(`${opening}${plan.gap ? "The closest measure" : "The plan"}, ${sourceOf(clause)}, says: ${quote(lead)}`, englishUnits(clause, lexicon));
    }
    if (plan.statesDeadline && clause.deadline) lines.push(`Deadline (完成时限): ${clause.deadline} [${lead.ref}].`);
    // A supporting measure's units by their Chinese names only: English ones make every line twice as long.
    // English framing doubles a quote's length: a supporting measure that would take the answer past its budget is named, not quoted.
    for (const entry of plan.supporting) {
      const other = entry.retrieved.clause;
      const line = `Also, ${sourceOf(other)}: ${quote(entry)}${sameUnits(other, clause) ? "" : ` (${formatUnits(other)})`}`;
      if ([...lines, line].join("\n").length > ENGLISH_QUOTE_BUDGET) overflow.push({ ref: entry.ref, retrieved: entry.retrieved });
      else lines.push(line);
    }
  }
  const further = furtherLine({ ...plan, further: [...overflow, ...plan.further] }, "See also: ", "; ");
  if (further) lines.push(further);
  return lines.join("\n");
}
