/**
 * `npm run ingest [-- …]`: parses the seeds, embeds the clauses and switches
 * the index (the server picks it up without a restart).
 *
 *   (nothing)          index the seeds; --force rebuilds an unchanged corpus (embeddings still from the cache)
 *   --check            parse and validate the seeds, no model, nothing written
 *   --check FILE…      check any files (in the catalog or not): measures, units, roles, what was not understood, metadata
 *   --add FILE [--id ID] [--title …] [--region …] [--year N]
 *                      copy the file into seeds/, write its catalog entry (inferred from the text, flags win), re-index;
 *                      an --id already in the catalog replaces that document
 *   --remove ID        take the document out of the catalog and seeds/, re-index
 *   --json             the report as JSON alone on stdout (progress and notes go to stderr)
 *
 * Exit code: 0 when every document was indexed (or checked); 2 when the index
 * was written (or the check ran) but some documents failed — they are listed
 * under `failed` and were skipped; 1 when nothing was done (bad arguments, no
 * catalog, no readable document, the model failing).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { addDocument } from "../../ingest/catalog/add-document.js";
import { checkDocument } from "../../ingest/catalog/check-document.js";
import { removeDocument } from "../../ingest/catalog/remove-document.js";
import type { IngestReport } from "../../ingest/run-ingest.js";
import { loadConfig, type AppConfig } from "../config/app-config.js";
import { ValidationError } from "../errors/app-errors.js";
import { buildIndex } from "./build-index.js";
import { additionSummary, checkSummary, documentsTable } from "./format-ingest-report.js";
import { progressReporter } from "./progress-bar.js";
import { runCli, writeStdout } from "./run-cli.js";

const usage =
  "usage: npm run ingest [-- --json] [-- --check [FILE…] | --force | --add FILE [--id ID] [--title TITLE] [--region REGION] [--year N] | --remove ID]";

/** Some documents failed, the rest were done. */
const EXIT_PARTIAL = 2;

const argsSchema = z
  .object({
    json: z.boolean().default(false),
    check: z.boolean().default(false),
    force: z.boolean().default(false),
    add: z.string().trim().min(1, "--add needs a file").optional(),
    remove: z.string().trim().min(1, "--remove needs a document id").optional(),
    id: z.string().regex(/^[a-z0-9-]+$/, "--id: ids are lower-case letters, digits and dashes (like sip-2023)").optional(),
    title: z.string().trim().min(1, "--title is empty").optional(),
    region: z.string().trim().min(1, "--region is empty").optional(),
    year: z.coerce.number({ error: "--year must be a year like 2024" }).int("--year must be a year like 2024").min(2000, "--year must be 2000 or later").max(2100, "--year must be 2100 or earlier").optional(),
    files: z.array(z.string()),
  })
  .superRefine((args, context) => {
    const fail = (message: string) => context.addIssue({ code: "custom", message });
    const modes = [args.check && "--check", args.add !== undefined && "--add", args.remove !== undefined && "--remove"].filter(Boolean);
    if (modes.length > 1) fail(`${modes.join(" and ")} cannot be combined: give one`);
    if (args.check && args.force) fail("--check writes nothing, so --force has nothing to rebuild");
    if (args.files.length > 0 && !args.check) fail(`unexpected ${args.files[0]}: files are given to --check (or one to --add)`);
    const metadataFlags = (["id", "title", "region", "year"] as const).filter((flag) => args[flag] !== undefined);
    if (metadataFlags.length > 0 && args.add === undefined && !(args.check && args.files.length > 0)) {
      fail(`--${metadataFlags[0]} goes with --add FILE (or --check FILE)`);
    }
  });
type IngestArgs = z.infer<typeof argsSchema>;

function readArgs(): IngestArgs {
  const text = { type: "string" } as const;
  let parsed;
  try {
    parsed = parseArgs({
      options: { json: { type: "boolean" }, check: { type: "boolean" }, force: { type: "boolean" }, add: text, remove: text, id: text, title: text, region: text, year: text },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new ValidationError(`${(error as Error).message}\n${usage}`);
  }
  const result = argsSchema.safeParse({ ...parsed.values, files: parsed.positionals });
  if (!result.success) throw new ValidationError(`${result.error.issues[0]?.message ?? "invalid arguments"}\n${usage}`);
  return result.data;
}

/** The --json report: a stable subset of the ingest report, the skipped documents included. */
function jsonReport(report: IngestReport) {
  return {
    documents: report.documents.map(({ id, title, region, clauses, clausesWithUnits }) => ({ id, title, region, clauses, clausesWithUnits })),
    failed: report.failed,
    totalClauses: report.totalClauses,
    embedder: report.embedder,
    ms: report.ms,
  };
}

function outcome(report: IngestReport, check: boolean): string {
  const skipped = report.failed.length > 0 ? `, ${report.failed.length} skipped (see above)` : "";
  const done = check
    ? `checked: ${report.documents.length} documents parse${skipped}; nothing written`
    : report.unchanged
      ? `index unchanged (same clauses, same embedder ${report.embedder}; --force rebuilds it)${skipped}`
      : report.repaired
        ? `the served index failed its check (${report.repaired}): rebuilt with ${report.embedder}: ${report.documents.length} documents${skipped}`
        : `index written with ${report.embedder}: ${report.documents.length} documents${skipped}`;
  return `${done} in ${report.ms} ms\n`;
}

async function indexWithProgress(config: AppConfig, options: { check?: boolean; force?: boolean } = {}): Promise<IngestReport> {
  const progress = progressReporter();
  try {
    return await buildIndex(config, { ...options, onProgress: progress.update });
  } finally {
    progress.finish();
  }
}

const exitCode = (failures: number) => (failures > 0 ? EXIT_PARTIAL : 0);

async function checkFiles(config: AppConfig, args: IngestArgs): Promise<number> {
  const { seedsDir } = config;
  const overrides = { id: args.id, title: args.title, region: args.region, year: args.year };
  const checks = [];
  for (const file of args.files) checks.push(await checkDocument(file, { seedsDir, overrides }));
  await writeStdout(args.json ? `${JSON.stringify({ documents: checks })}\n` : `${checks.map(checkSummary).join("\n")}\nchecked ${checks.length} file(s); nothing written\n`);
  return exitCode(checks.filter((check) => check.error).length);
}

async function add(config: AppConfig, args: IngestArgs & { add: string }): Promise<number> {
  const plan = await addDocument(config.seedsDir, { file: args.add, id: args.id, title: args.title, region: args.region, year: args.year });
  const summary = additionSummary(plan, args.add);
  if (args.json) process.stderr.write(summary);
  const report = await indexWithProgress(config);
  const indexed = report.documents.find((document) => document.id === plan.entry.id);
  const added = { id: plan.entry.id, title: plan.entry.title, region: plan.entry.region, year: plan.entry.year, clauses: indexed?.clauses ?? 0, clausesWithUnits: indexed?.clausesWithUnits ?? 0 };
  await writeStdout(args.json ? `${JSON.stringify({ ...jsonReport(report), added })}\n` : `${summary}\n${documentsTable(report)}\n${outcome(report, false)}`);
  return exitCode(report.failed.length);
}

async function remove(config: AppConfig, args: IngestArgs & { remove: string }): Promise<number> {
  const entry = await removeDocument(config.seedsDir, args.remove);
  const report = await indexWithProgress(config);
  const removed = { id: entry.id, title: entry.title, file: entry.file };
  await writeStdout(
    args.json ? `${JSON.stringify({ ...jsonReport(report), removed })}\n` : `removed ${entry.id} (${entry.title}, seeds/${entry.file})\n\n${documentsTable(report)}\n${outcome(report, false)}`,
  );
  return exitCode(report.failed.length);
}

async function main(): Promise<number> {
  const args = readArgs();
  const config = loadConfig();
  if (args.check && args.files.length > 0) return checkFiles(config, args);
  if (args.add !== undefined) return add(config, { ...args, add: args.add });
  if (args.remove !== undefined) return remove(config, { ...args, remove: args.remove });
  const report = await indexWithProgress(config, { check: args.check, force: args.force });
  await writeStdout(args.json ? `${JSON.stringify(jsonReport(report))}\n` : `${documentsTable(report)}\n${outcome(report, args.check)}`);
  return exitCode(report.failed.length);
}

runCli(main);
