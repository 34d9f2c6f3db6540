/**
 * `npm run ingest [-- --json] [-- --check | --force]`: parses the seeds, embeds
 * the clauses and switches the index (the server picks it up without a restart).
 * Progress goes to stderr; stdout carries the report, or with --json only
 * `{ documents, totalClauses, embedder, ms }`. --check validates without
 * loading the model or writing anything; --force writes a new index even when
 * the corpus is unchanged (embeddings still come from the cache).
 */
import { parseArgs } from "node:util";
import type { IngestReport } from "../../ingest/run-ingest.js";
import { loadConfig } from "../config/app-config.js";
import { ValidationError } from "../errors/app-errors.js";
import { buildIndex } from "./build-index.js";
import { formatTable } from "./format-table.js";
import { progressReporter } from "./progress-bar.js";
import { runCli, writeStdout } from "./run-cli.js";

const usage = "usage: npm run ingest [-- --json] [-- --check | --force]";

/** The --json report: a stable subset of the ingest report. */
function jsonReport(report: IngestReport) {
  return {
    documents: report.documents.map(({ id, title, region, clauses, clausesWithUnits }) => ({ id, title, region, clauses, clausesWithUnits })),
    totalClauses: report.totalClauses,
    embedder: report.embedder,
    ms: report.ms,
  };
}

function textReport(report: IngestReport, check: boolean): string {
  const rows = report.documents.map((document) => [
    document.id,
    document.title,
    String(document.clauses),
    String(document.clausesWithUnits),
    String(document.clausesWithoutUnits),
    String(document.characters),
  ]);
  const sum = (pick: (document: IngestReport["documents"][number]) => number) => String(report.documents.reduce((total, document) => total + pick(document), 0));
  rows.push(["total", "", sum((d) => d.clauses), sum((d) => d.clausesWithUnits), sum((d) => d.clausesWithoutUnits), sum((d) => d.characters)]);
  const table = formatTable(["document", "title", "clauses", "with units", "without units", "characters"], rows, [2, 3, 4, 5]);
  const outcome = check
    ? "checked: the seeds parse; nothing written"
    : report.unchanged
      ? `index unchanged (same clauses, same embedder ${report.embedder}; --force rebuilds it)`
      : report.repaired
        ? `the served index failed its check (${report.repaired}): rebuilt with ${report.embedder}`
        : `index written with ${report.embedder}`;
  return `${table}\n\n${outcome} in ${report.ms} ms\n`;
}

async function main(): Promise<void> {
  let values: { json?: boolean; check?: boolean; force?: boolean };
  try {
    ({ values } = parseArgs({ options: { json: { type: "boolean" }, check: { type: "boolean" }, force: { type: "boolean" } }, strict: true }));
  } catch (error) {
    throw new ValidationError(`${(error as Error).message}\n${usage}`);
  }
  if (values.check && values.force) throw new ValidationError(`--check writes nothing, so --force has nothing to rebuild\n${usage}`);
  const config = loadConfig();
  const progress = progressReporter();
  const check = values.check ?? false;
  let report: IngestReport;
  try {
    report = await buildIndex(config, { check, force: values.force ?? false, onProgress: progress.update });
  } finally {
    progress.finish();
  }
  await writeStdout(values.json ? `${JSON.stringify(jsonReport(report))}\n` : textReport(report, check));
}

runCli(main);
