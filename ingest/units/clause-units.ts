import type { AnalysisCopy } from "../../src/text/analysis-copy.js";
import type { Span } from "./brackets.js";
import type { UnitBlock } from "./find-unit-blocks.js";
import type { UnitRole } from "./unit-lexicon.js";

/** Who carries out a clause, as the contract gives it: names as written, leads first. */
export interface ClauseUnits {
  /** Every unit, leads first, then in document order. */
  units: string[];
  leadUnits: string[];
  supportUnits: string[];
  /** Units that are neither lead nor support. */
  responsibleUnits: string[];
  deadline: string | null;
  /** The blocks as written, or null when the clause has none. */
  unitText: string | null;
  /** Phrases that name no particular unit (各有关部门), as written. */
  genericUnits: string[];
}

/** A paragraph of a clause, the unit blocks found in it, and deadlines its sentences state outside them. */
export interface BlocksOfParagraph {
  copy: AnalysisCopy;
  blocks: readonly UnitBlock[];
  deadlines?: readonly Span[];
}

/** No units at all. */
export const NO_CLAUSE_UNITS: ClauseUnits = {
  units: [],
  leadUnits: [],
  supportUnits: [],
  responsibleUnits: [],
  deadline: null,
  unitText: null,
  genericUnits: [],
};

/**
 * Gathers a clause's units from the blocks of its paragraphs. Where the plan
 * says the first unit listed leads (第一个为牵头单位), a block with no lead of
 * its own gets its first responsible unit as lead.
 */
export function assembleClauseUnits(paragraphs: readonly BlocksOfParagraph[], leadFirst: boolean): ClauseUnits {
  const roles = new Map<string, { written: string; role: UnitRole }>();
  const generic = new Set<string>();
  const deadlines = new Set<string>();
  const texts: string[] = [];
  for (const { copy, blocks, deadlines: stated = [] } of paragraphs) {
    for (const span of stated) deadlines.add(copy.writtenSlice(span.start, span.end));
    // A block that only gives a deadline (`完成时限：…` on its own line) is not a unit block.
    const naming = blocks.filter((block) => block.parse.mentions.length + block.parse.generic.length > 0);
    if (naming.length > 0) texts.push(naming.map((block) => copy.writtenSlice(block.span.start, block.span.end)).join(""));
    for (const block of blocks) {
      const { mentions } = block.parse;
      // 第一个为牵头单位: the first unit listed leads, and the others listed with it support it.
      const firstLeads = (leadFirst || block.parse.leadFirst !== "none") && !mentions.some((mention) => mention.role === "lead");
      const firstResponsible = firstLeads ? mentions.find((mention) => mention.role === "responsible") : undefined;
      for (const mention of mentions) {
        const key = copy.text.slice(mention.span.start, mention.span.end);
        if (roles.has(key)) continue;
        const role = !firstResponsible ? mention.role : mention === firstResponsible ? "lead" : mention.role === "responsible" ? "support" : mention.role;
        roles.set(key, { written: copy.writtenSlice(mention.span.start, mention.span.end), role });
      }
      for (const span of block.parse.generic) generic.add(copy.writtenSlice(span.start, span.end));
      for (const span of block.parse.deadlines) deadlines.add(copy.writtenSlice(span.start, span.end));
    }
  }
  if (texts.length === 0) return { ...NO_CLAUSE_UNITS, deadline: deadlines.size > 0 ? [...deadlines].join("；") : null };
  const named = [...roles.values()];
  const withRole = (role: UnitRole) => named.filter((unit) => unit.role === role).map((unit) => unit.written);
  const leadUnits = withRole("lead");
  return {
    units: [...leadUnits, ...named.filter((unit) => unit.role !== "lead").map((unit) => unit.written)],
    leadUnits,
    supportUnits: withRole("support"),
    responsibleUnits: withRole("responsible"),
    deadline: deadlines.size > 0 ? [...deadlines].join("；") : null,
    unitText: texts.join("\n"),
    genericUnits: [...generic],
  };
}
