import type { IndexedClause } from "../store/indexed-clause.js";
import type { FactKind } from "./answer-lexicon.js";
import { formatUnits } from "./format-units.js";
import type { AnswerPlan, QuotedClause } from "./plan-answer.js";

/** How a gap reply names what the documents do not set. */
const MISSING_FACT: Record<FactKind, string> = {
  time: "具体时限",
  date: "具体日期",
  ratio: "具体比例",
  amount: "具体金额或比例",
  quantity: "具体数量",
  materials: "需要提交的具体材料",
  conditions: "具体条件",
  contact: "具体联系电话",
};

/** `《园区2021》优化企业注销流程`: the document's short name and the measure's title (or its path). */
export function sourceOf(clause: Pick<IndexedClause, "docShortName" | "title" | "path">): string {
  return `《${clause.docShortName}》${clause.title ?? clause.path}`;
}

/** Whether two clauses name the same units: a supporting measure's are then not written again. */
export function sameUnits(left: Pick<IndexedClause, "units">, right: Pick<IndexedClause, "units">): boolean {
  return left.units.length === right.units.length && left.units.every((unit) => right.units.includes(unit));
}

/** The units line, with the measure's 完成时限 when the question asks by when: 牵头单位：区营商办；完成时限：长期坚持. */
function unitsLine(plan: AnswerPlan, clause: IndexedClause): string {
  return plan.statesDeadline && clause.deadline ? `${formatUnits(clause)}；完成时限：${clause.deadline}` : formatUnits(clause);
}

function quote(entry: QuotedClause): string {
  return `${entry.sentences.join("")}[${entry.ref}]`;
}

/** `另见：《园区2023》市场准入与退出[3][4]`: further citations by title, one title per measure. */
export function furtherLine(plan: AnswerPlan, label: string, separator: string): string | null {
  if (plan.further.length === 0) return null;
  const byTitle = new Map<string, number[]>();
  for (const { ref, retrieved } of plan.further) byTitle.set(sourceOf(retrieved.clause), [...(byTitle.get(sourceOf(retrieved.clause)) ?? []), ref]);
  return `${label}${[...byTitle].map(([title, refs]) => `${title}${refs.map((ref) => `[${ref}]`).join("")}`).join(separator)}`;
}

/** The opening of a gap reply: 文件没有规定注销的具体时限. */
export function gapSentence(gap: NonNullable<AnswerPlan["gap"]>): string {
  return `文件没有规定${gap.topic ? `${gap.topic}的` : ""}${MISSING_FACT[gap.kind]}`;
}

/**
 * Puts an answer plan into Chinese: the sentence that answers first, with its
 * `[n]`; the units once, after it, with the measure's source; up to two more
 * measures one sentence each (their units when they differ); further
 * citations by title. A gap reply opens with what the documents do not set.
 * A unit question opens with the units; a unit's duties are a list. A
 * question asking by when gets the measure's 完成时限 beside its units.
 * Every sentence is the clause's own text.
 */
export function composeExtractive(plan: AnswerPlan): string {
  const [lead] = plan.leads;
  if (!lead) return "";
  const lines: string[] = [];
  if (plan.shape === "duties") {
    lines.push(`${plan.dutyUnits.join("、")}在文件中负责的事项（牵头的在前，共列出${plan.leads.length}项；完整清单见“按单位查”）：`);
    for (const entry of plan.leads) {
      const leads = entry.retrieved.clause.leadUnits.some((unit) => plan.dutyUnits.includes(unit));
      lines.push(`· ${sourceOf(entry.retrieved.clause)}${leads ? "（牵头）" : ""}：${quote(entry)}`);
    }
    return lines.join("\n");
  }
  if (plan.shape === "cross") {
    if (plan.gap) lines.push(`${gapSentence(plan.gap)}；各文件的相关举措是：`);
    for (const entry of plan.leads) lines.push(`《${entry.retrieved.clause.docShortName}》：${quote(entry)}（${unitsLine(plan, entry.retrieved.clause)}）`);
  } else {
    const clause = lead.retrieved.clause;
    const source = `（${sourceOf(clause)}）`;
    if (plan.unitsFirst && !plan.gap) lines.push(`${unitsLine(plan, clause)}[${lead.ref}]${source}`, quote(lead));
    else lines.push(plan.gap ? `${gapSentence(plan.gap)}；相关举措是：${quote(lead)}` : quote(lead), `${unitsLine(plan, clause)}${source}`);
    for (const entry of plan.supporting) {
      const other = entry.retrieved.clause;
      const from = other.docId === clause.docId ? "另：" : `另据《${other.docShortName}》：`;
      lines.push(`${from}${quote(entry)}${sameUnits(other, clause) ? "" : `（${formatUnits(other)}）`}`);
    }
  }
  const further = furtherLine(plan, "另见：", "；");
  if (further) lines.push(further);
  return lines.join("\n");
}
