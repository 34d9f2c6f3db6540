/**
 * `npm run eval -- [--set FILE] [--url URL] [--k N] [--json] [--out DIR] [--compare] [--judge]`
 *
 * Scores a question set against 企问 (in-process or a running server), prints
 * the per-kind table (or, with --json, one JSON object and nothing else on
 * stdout), and writes a JSON report and a Markdown summary. Progress goes to
 * stderr. Exit codes: 0 done, 1 the run failed, 2 bad arguments, environment
 * or question set.
 */
import path from "node:path";
import { createProgressBar } from "../src/cli/progress-bar.js";
import { loadConfig, type AppConfig } from "../src/config/app-config.js";
import { CorpusError, ValidationError } from "../src/errors/app-errors.js";
import { divertStdout, type DivertedStdout } from "./divert-stdout.js";
import { EvalUsageError, evalUsage, parseEvalArgs, type EvalCliOptions } from "./eval-cli-options.js";
import { catalogDocumentIds, loadQuestionSet, QuestionSetError, type EvalItem } from "./question-schema.js";
import { JudgeNeedsLlmError } from "./judge-faithfulness.js";
import { comparisonTable, metricsTable, renderTextTable } from "./report/format-table.js";
import { writeReport } from "./report/write-report.js";

const EXIT_FAILED = 1;
const EXIT_BAD_INPUT = 2;

/** A failure the user fixes by changing what they passed in: printed without a stack, exit 2. */
class BadInput extends Error {}

async function main(): Promise<number> {
  let options: EvalCliOptions;
  try {
    options = parseEvalArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof EvalUsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${evalUsage}\n`);
    return EXIT_BAD_INPUT;
  }
  if (options.help) {
    process.stdout.write(`${evalUsage}\n`);
    return 0;
  }

  // Everything checkable without the model is checked first, so a typo fails in a second.
  let config: AppConfig;
  let items: EvalItem[];
  try {
    config = loadConfig();
    if (options.judge && !config.llm) throw new JudgeNeedsLlmError();
    items = await loadSet(options.set, await catalogDocumentIds(config.seedsDir));
  } catch (error) {
    if (
      error instanceof ValidationError ||
      error instanceof JudgeNeedsLlmError ||
      error instanceof QuestionSetError ||
      error instanceof CorpusError ||
      error instanceof BadInput
    ) {
      process.stderr.write(`error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }

  const stdout: DivertedStdout | null = options.json ? divertStdout() : null;
  const progress = createProgressBar();
  // Imported only now: it loads the model runtime and LanceDB, a second and a half
  // that `--help` and a mistyped argument should not wait for.
  const { runEvaluation } = await import("./run-evaluation.js");
  let report;
  try {
    report = await runEvaluation(
      { setName: displayPath(options.set), items, k: options.k, url: options.url, compare: options.compare, judge: options.judge },
      { config, progress },
    );
  } catch (error) {
    process.stderr.write(`\nerror: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_FAILED;
  }
  const written = await writeReport(path.resolve(options.out), report);

  if (stdout) {
    process.stderr.write(`report: ${written.markdownPath}\n`);
    await stdout.write(`${JSON.stringify(report.summary)}\n`);
    stdout.restore();
    return 0;
  }
  const sections = [renderTextTable(metricsTable(report.summary))];
  if (report.summary.baselines) sections.push(`企问 vs baselines (retrieval, answerable items):\n\n${renderTextTable(comparisonTable(report.summary))}`);
  const failed = report.items.filter((item) => item.failures.length > 0).length;
  sections.push(`${failed} of ${report.items.length} items failed a check; details in the Markdown report.\nreport: ${written.markdownPath}\n        ${written.jsonPath}`);
  await new Promise<void>((resolve) => process.stdout.write(`\n${sections.join("\n\n")}\n`, () => resolve()));
  return 0;
}

/**
 * Loads the set, its documents checked against the catalog's, turning a
 * missing file into a one-line message (a bad line already says `file:line:`).
 */
async function loadSet(file: string, documentIds: readonly string[]): Promise<EvalItem[]> {
  try {
    return await loadQuestionSet(file, { documentIds });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EISDIR") throw new BadInput(`--set: cannot read ${file} (${code})`);
    throw error;
  }
}

/** The set's path as the report names it: relative to the working folder when inside it. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative;
}

// Exit explicitly: the model runtime and LanceDB keep handles open that would
// otherwise hold the process for seconds after the work is done.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT_FAILED);
  },
);
