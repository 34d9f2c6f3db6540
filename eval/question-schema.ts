import { readFile } from "node:fs/promises";
import { z } from "zod";
import { loadCatalog } from "../src/corpus/catalog.js";
import { AppError } from "../src/errors/app-errors.js";

/**
 * A document id of `seeds/catalog.json`. The schema only asks for a string:
 * which ids exist is the catalog's to say, and is checked where a set is
 * loaded for a run (`loadQuestionSet` with `documentIds`), so adding a
 * document to the corpus needs no change here.
 */
export const evalDocumentIdSchema = z.string().min(1);

/**
 * The kinds the team's sets use, in the order reports list them. A set may
 * use others (colloquial, near-domain, typo …): they are reported after these,
 * alphabetically, so a set written elsewhere loads as it is.
 */
export const KNOWN_EVAL_KINDS = ["paraphrase", "lookup", "unit", "dept", "numeric", "cross", "followup", "traditional", "english", "outofscope", "injection"] as const;

/**
 * What an item tests: a short lower-case label. The kind drives the per-kind
 * breakdown in reports, so a regression in, say, Traditional-Chinese queries
 * is visible on its own.
 */
export const evalKindSchema = z.string().regex(/^[a-z][a-z0-9_-]*$/, "kind: a lower-case label such as paraphrase, numeric or outofscope");

/** The kinds present, the known ones in their order first, then the others alphabetically. */
export function kindsInReportOrder(kinds: Iterable<string>): string[] {
  const present = new Set(kinds);
  const known: readonly string[] = KNOWN_EVAL_KINDS;
  return [...known.filter((kind) => present.has(kind)), ...[...present].filter((kind) => !known.includes(kind)).sort()];
}
export type EvalKind = z.infer<typeof evalKindSchema>;

/** One earlier turn of the conversation a follow-up question depends on. */
export const evalHistoryTurnSchema = z.object({
  role: z.enum(["user", "assistant"]),
  content: z.string().min(1),
});
export type EvalHistoryTurn = z.infer<typeof evalHistoryTurnSchema>;

/**
 * One evaluation question with what a correct answer must show: the clause text
 * it must retrieve (`evidence`), the responsible units and facts it must name,
 * and whether it should be answered at all. Written to be filled in by people
 * who never saw the code: `history`, `evidence_all` and `docs` may be left
 * out, evidence, units and facts may be as many as the question needs, and
 * fields this schema does not know are kept out of scoring (see
 * {@link parseQuestionSet}, which warns once per unknown field name).
 */
export const evalItemSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]+$/, "ids are letters, digits, dots, dashes and underscores"),
    question: z.string().min(1),
    /** Earlier turns, for a follow-up; none when left out. */
    history: z.array(evalHistoryTurnSchema).default([]),
    kind: evalKindSchema,
    /** The document that answers the question; null when none does. */
    doc: evalDocumentIdSchema.nullable(),
    /** For items drawing on several documents: every one of them (includes `doc`); `doc` alone when left out. */
    docs: z.array(evalDocumentIdSchema).min(1).optional(),
    /** Short verbatim substrings of the answering clause(s), compared after `compactForMatching`. */
    evidence: z.array(z.string().min(1)),
    /** True when every evidence string must be retrieved (cross items), not just one; false when left out. */
    evidence_all: z.boolean().default(false),
    /** Units the answer must name, as the clause's unit block writes them. */
    units: z.array(z.string().min(1)),
    /** Strings (numbers, time limits, platform names) the answer text must contain. */
    facts: z.array(z.string().min(1)),
    answerable: z.boolean(),
    /** The writer's note on the item (why it is near-domain, what it tests); never scored. */
    note: z.string().optional(),
  })
  .superRefine((item, context) => {
    if (item.answerable) {
      if (item.doc === null) context.addIssue({ code: "custom", path: ["doc"], message: "an answerable item names its document" });
      if (item.evidence.length === 0) {
        context.addIssue({ code: "custom", path: ["evidence"], message: "an answerable item has at least one evidence string" });
      }
    } else {
      // An unanswerable item that still expected units or facts would make the
      // refusal look like a retrieval miss; keep the two failure kinds apart.
      // Evidence is allowed (writers name the clause a gap reply may point to,
      // such as a measure whose plan names no unit) and is not scored.
      for (const field of ["units", "facts"] as const) {
        if (item[field].length > 0) {
          context.addIssue({ code: "custom", path: [field], message: "an unanswerable item expects nothing here" });
        }
      }
    }
    if (item.kind === "outofscope" && item.answerable) {
      context.addIssue({ code: "custom", path: ["answerable"], message: "outofscope items are not answerable" });
    }
    if (item.docs !== undefined) {
      if (item.doc === null || !item.docs.includes(item.doc)) {
        context.addIssue({ code: "custom", path: ["docs"], message: "docs must include doc" });
      }
      if (new Set(item.docs).size !== item.docs.length) {
        context.addIssue({ code: "custom", path: ["docs"], message: "docs must not repeat a document" });
      }
    }
    if (item.evidence_all && item.evidence.length < 2) {
      context.addIssue({ code: "custom", path: ["evidence_all"], message: "evidence_all needs at least two evidence strings" });
    }
    if (item.kind === "followup" && item.history.length === 0) {
      context.addIssue({ code: "custom", path: ["history"], message: "followup items carry the earlier turns" });
    }
  });
export type EvalItem = z.infer<typeof evalItemSchema>;

/** Thrown by `loadQuestionSet`; the message starts with `file:line:` so editors can jump to it. */
export class QuestionSetError extends AppError {
  constructor(file: string, line: number, message: string) {
    super("question_set_invalid", 500, `${file}:${line}: ${message}`, { file, line });
  }
}

/** Options of {@link loadQuestionSet} and {@link parseQuestionSet}. */
export interface QuestionSetOptions {
  /**
   * The corpus's document ids (see {@link catalogDocumentIds}): an item naming
   * any other document in `doc` or `docs` is reported as a bad line. Without
   * them the ids are not checked.
   */
  documentIds?: Iterable<string>;
  /**
   * Told once per field name the schema does not know (`unknown field "source"
   * (first on line 3) is not scored`); the item is read without it. Written to
   * stderr when not given.
   */
  onWarning?: (message: string) => void;
}

/** The fields an item may carry; any other is reported once and left out. */
const knownFields = new Set(Object.keys(evalItemSchema.shape));

/** The document ids of the catalog in `seedsDir`, to check a set's `doc` / `docs` against. */
export async function catalogDocumentIds(seedsDir: string): Promise<string[]> {
  return (await loadCatalog(seedsDir)).documents.map((document) => document.id);
}

/**
 * Reads a JSONL question set (blank lines allowed) and validates every line.
 * The first bad line is reported as `file:line: message`, naming the field.
 */
export async function loadQuestionSet(file: string, options: QuestionSetOptions = {}): Promise<EvalItem[]> {
  const raw = await readFile(file, "utf8");
  return parseQuestionSet(raw, file, options);
}

/** `loadQuestionSet` without the file read, for tests and in-memory sets. */
export function parseQuestionSet(raw: string, file: string, options: QuestionSetOptions = {}): EvalItem[] {
  const knownDocuments = options.documentIds === undefined ? undefined : [...options.documentIds];
  const items: EvalItem[] = [];
  const firstLineOfId = new Map<string, number>();
  const warn = options.onWarning ?? ((message: string) => process.stderr.write(`warning: ${message}\n`));
  const warnedFields = new Set<string>();
  const lines = raw.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;
    if (line.trim() === "") continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new QuestionSetError(file, lineNumber, `not valid JSON: ${(error as Error).message}`);
    }
    if (json !== null && typeof json === "object" && !Array.isArray(json)) {
      for (const field of Object.keys(json).filter((key) => !knownFields.has(key) && !warnedFields.has(key))) {
        warnedFields.add(field);
        warn(`${file}:${lineNumber}: unknown field "${field}" (first on this line) is not scored`);
      }
    }
    const parsed = evalItemSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      throw new QuestionSetError(file, lineNumber, `${where}${issue?.message ?? "invalid item"}`);
    }
    if (knownDocuments) {
      const unknown = [parsed.data.doc, ...(parsed.data.docs ?? [])].find((id) => id !== null && !knownDocuments.includes(id));
      if (unknown !== undefined) {
        throw new QuestionSetError(file, lineNumber, `unknown document "${unknown}" (known: ${knownDocuments.join(", ")})`);
      }
    }
    const firstLine = firstLineOfId.get(parsed.data.id);
    if (firstLine !== undefined) {
      throw new QuestionSetError(file, lineNumber, `duplicate id ${parsed.data.id} (first on line ${firstLine})`);
    }
    firstLineOfId.set(parsed.data.id, lineNumber);
    items.push(parsed.data);
  }
  return items;
}
