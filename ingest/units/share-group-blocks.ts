import { chineseNumeralValue } from "../../src/text/chinese-numeral.js";
import type { DraftClause } from "../build-clauses.js";

const NUMBER = "[一二三四五六七八九十百零〇两\\d]{1,4}";
/**
 * `以上第六项至第九项：` / `以上4项` / `上述三项任务由…`: a unit block, at the end of a run of measures,
 * that carries out all of them.
 */
const GROUP_LEAD = new RegExp(
  `(?:^|\\n)\\s*(?:以上|上述)(?:第(${NUMBER})[项条]?\\s*(?:至|到|—|-|~|－)\\s*第?(${NUMBER})[项条]?|(${NUMBER})[项条](?:任务|举措|措施|工作)?)`,
);

function numberOf(numeral: string): number | null {
  return /^\d+$/.test(numeral) ? Number(numeral) : chineseNumeralValue(numeral);
}

/** `sip-2021:2.3.6.p1-2` → the parent's stem `2.3` and the measure's number 6. */
function placeOf(clause: Pick<DraftClause, "id">): { parent: string; number: number } | null {
  const stem = clause.id.slice(clause.id.indexOf(":") + 1).replace(/-\d+$/, "").replace(/\.p\d+$/, "");
  const parts = stem.split(".");
  const number = Number(parts.at(-1));
  return Number.isInteger(number) ? { parent: parts.slice(0, -1).join("."), number } : null;
}

/**
 * Gives the measures a group block names (以上第六项至第九项：牵头单位…, written
 * under the last of them) the block's units and deadline, where they have
 * none of their own. Returns the clauses in the same order.
 */
export function shareGroupBlocks(clauses: readonly DraftClause[]): DraftClause[] {
  const shared = [...clauses];
  for (const owner of clauses) {
    if (owner.unitText === null) continue;
    const match = owner.text.match(GROUP_LEAD);
    const place = match ? placeOf(owner) : null;
    if (!match || !place) continue;
    const [from, to] = match[3] ? [place.number - (numberOf(match[3]) ?? 1) + 1, place.number] : [numberOf(match[1]!), numberOf(match[2]!)];
    if (from === null || to === null || to - from > 30) continue;
    shared.forEach((clause, index) => {
      const at = placeOf(clause);
      if (clause === owner || clause.unitText !== null || !at || at.parent !== place.parent || at.number < from || at.number > to) return;
      shared[index] = {
        ...clause,
        kind: "measure",
        units: owner.units,
        leadUnits: owner.leadUnits,
        supportUnits: owner.supportUnits,
        responsibleUnits: owner.responsibleUnits,
        genericUnits: owner.genericUnits,
        unitText: owner.unitText,
        deadline: clause.deadline ?? owner.deadline,
      };
    });
  }
  return shared;
}
