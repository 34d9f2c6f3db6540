import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { projectRoot } from "../src/config/app-config.js";

/** The team's question set, the default of `--set`. */
export const defaultSetPath = path.join(projectRoot, "eval", "questions.jsonl");

/** The sets in `eval/` that `--set` also takes by name. */
export const namedSets: Record<string, string> = {
  team: defaultSetPath,
  holdout: path.join(projectRoot, "eval", "holdout.jsonl"),
  callers: path.join(projectRoot, "eval", "callers-tuning.jsonl"),
  // The blind rounds' callers' sets, scored once each and tuning since.
  "callers-v1": path.join(projectRoot, "eval", "blind", "callers-blind.jsonl"),
  "callers-v2": path.join(projectRoot, "eval", "blind2", "callers-v2.jsonl"),
  "callers-v3": path.join(projectRoot, "eval", "blind3", "callers-v3.jsonl"),
};
/** Where reports go unless `--out` says otherwise (git-ignored). */
export const defaultReportsDir = path.join(projectRoot, "eval", "reports");

/** The usage text printed with `--help` and after a bad argument. */
export const evalUsage = `Usage: npm run -s eval -- [options]

Runs a question set through 企问 and scores it: hit@1, hit@5, MRR, unit and
fact recall, refusal accuracy, citation validity, latency; per kind and overall.

Options:
  --set FILE     question set (JSONL, see eval/question-schema.ts), or one of the sets in eval/ by
                 name: team (eval/questions.jsonl, the default), holdout, callers (callers-tuning)
  --url URL      ask a running server (POST <URL>/api/chat) instead of this process's pipeline
  --k N          clauses per answer (topK), 1–20; default 5
  --json         print only the summary as one JSON object on stdout
  --out DIR      where the JSON and Markdown reports go; default eval/reports
  --compare      also run three retrieval baselines (naive-rag, bm25-clauses, vector-clauses)
  --judge        grade each answer's faithfulness to its citations with the configured LLM
                 (needs OPENAI_API_KEY, and OPENAI_BASE_URL / CHAT_MODEL for other servers)
  -h, --help     show this text

In-process runs use the index in DATA_DIR and build or refresh it first (as
npm start does). Use \`npm run -s\` with --json: without -s npm prints its own
banner on stdout.`;

/** A bad command line: the message says what is wrong; the CLI adds the usage and exits 2. */
export class EvalUsageError extends Error {
  override readonly name = "EvalUsageError";
}

const cliOptionsSchema = z.object({
  set: z
    .string()
    .min(1, "--set: give a file")
    .transform((set) => namedSets[set] ?? set)
    .default(defaultSetPath),
  url: z
    .url({ protocol: /^https?$/, error: "--url: give an http(s) URL such as http://127.0.0.1:3000" })
    .optional(),
  k: z
    .string()
    .regex(/^\d+$/, "--k: give a whole number from 1 to 20")
    .transform(Number)
    .pipe(z.number().int().min(1, "--k: give a whole number from 1 to 20").max(20, "--k: at most 20 (the API's topK limit)"))
    .default(5),
  json: z.boolean().default(false),
  out: z.string().min(1, "--out: give a folder").default(defaultReportsDir),
  compare: z.boolean().default(false),
  judge: z.boolean().default(false),
  help: z.boolean().default(false),
});

/** The validated command line of `npm run eval`. */
export type EvalCliOptions = z.infer<typeof cliOptionsSchema>;

/** Parses and validates the arguments (after `--`); throws EvalUsageError naming the bad one. */
export function parseEvalArgs(args: readonly string[]): EvalCliOptions {
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        set: { type: "string" },
        url: { type: "string" },
        k: { type: "string" },
        json: { type: "boolean" },
        out: { type: "string" },
        compare: { type: "boolean" },
        judge: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // node:util words these well ("Unknown option '--kk'"); only the prefix is ours.
    throw new EvalUsageError(error instanceof Error ? error.message : String(error));
  }
  const parsed = cliOptionsSchema.safeParse(values);
  if (!parsed.success) throw new EvalUsageError(parsed.error.issues[0]?.message ?? "invalid arguments");
  return parsed.data;
}
