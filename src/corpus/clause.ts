import { z } from "zod";

/** What a clause is: a measure paragraph, a general section, or a row of an attached task table. */
export const clauseKindSchema = z.enum(["measure", "general", "task"]);
export type ClauseKind = z.infer<typeof clauseKindSchema>;

/**
 * One retrievable unit of a policy document: a paragraph with the unit block
 * that scopes it, a general section, or a task-table row.
 */
export const clauseSchema = z.object({
  /** Stable, readable id, e.g. `sip-2021:2.1.7.p1`. */
  id: z.string().min(1),
  docId: z.string().min(1),
  /** Position in the document, for ordering and for the document browser. */
  ordinal: z.number().int().nonnegative(),
  kind: clauseKindSchema,
  /** Human path, e.g. `二、（一）7` or `二、（一）7 ¶2`. */
  path: z.string(),
  /** The headings above the clause, outermost first: part, section, measure. */
  headings: z.array(z.string()),
  /** The measure's title where it has one (`优化企业注销流程`). */
  title: z.string().nullable(),
  /** The text as shown to a person (original characters, unit block included). */
  text: z.string().min(1),
  /**
   * Every unit named for the clause, as the document writes them, leads first.
   * The units that are responsible without leading are `units` minus
   * `leadUnits` and `supportUnits`.
   */
  units: z.array(z.string()),
  /** The units the document marks as leading (牵头); a subset of `units`. */
  leadUnits: z.array(z.string()),
  /** The units the document marks as supporting (配合, 协办, 按职责分工负责 beside a lead); a subset of `units`. */
  supportUnits: z.array(z.string()),
  /** When the document says the clause is due (`2024年6月底前`), as written; null where it says nothing. */
  deadline: z.string().nullable(),
  /**
   * Where the units come from, as written: the unit block in the text
   * (`(责任单位:市场监管局、行政审批局)`, `牵头单位：…`), or for a measure whose units
   * come from a task table, a note naming its rows (`（任务清单第6、7项，牵头部门：…）`);
   * null where there is none. A block the parser could not read is kept here too.
   */
  unitText: z.string().nullable(),
  /** The text in Simplified characters, for documents written in Traditional ones; null otherwise. */
  textSimplified: z.string().nullable(),
  /** Whether the document names units anywhere: a clause without units of a document that does says so differently. */
  docListsUnits: z.boolean(),
});
export type Clause = z.infer<typeof clauseSchema>;
