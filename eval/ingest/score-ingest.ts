/**
 * `npm run eval:ingest -- [--dir DIR] [--notes] [--json]`
 *
 * Parses every document of a folder that has a `<file>.truth.json` beside it
 * (test/fixtures/plans unless told) and prints, per document and in all:
 * measures found (truth measures a parsed measure starts like), unit names
 * right, roles right, deadlines right, and measures the truth does not have.
 * `--notes` lists what was wrong; `--json` prints one JSON object instead.
 * Exit codes: 0 scored, 2 bad arguments or an unreadable truth file.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { formatTable } from "../../src/cli/format-table.js";
import { projectRoot } from "../../src/config/app-config.js";
import { ratio, type Tally } from "./score-document.js";
import { scoreFolder } from "./score-folder.js";

const usage = "usage: npm run eval:ingest -- [--dir DIR] [--notes] [--json]";

function percent(tally: Tally): string {
  const value = ratio(tally);
  return value === undefined ? "–" : `${value.toFixed(3)} (${tally.right}/${tally.total})`;
}

async function main(): Promise<number> {
  let values: { dir?: string; notes?: boolean; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { dir: { type: "string" }, notes: { type: "boolean" }, json: { type: "boolean" }, help: { type: "boolean" } } }));
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const dir = path.resolve(values.dir ?? path.join(projectRoot, "test", "fixtures", "plans"));
  let result: Awaited<ReturnType<typeof scoreFolder>>;
  try {
    result = await scoreFolder(dir);
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const row = (name: string, score: Omit<(typeof result.documents)[number], "file" | "notes">) => [
    name,
    percent(score.measures),
    percent(score.names),
    percent(score.roles),
    percent(score.deadlines),
    String(score.extraMeasures),
  ];
  const rows = [...result.documents.map((score) => row(score.file, score)), row("all", result.all)];
  process.stdout.write(`${formatTable(["document", "measures found", "unit names right", "roles right", "deadlines right", "extra measures"], rows, [5])}\n`);
  for (const skip of result.skipped) process.stdout.write(`skipped ${skip.file}: ${skip.reason}\n`);
  if (values.notes) {
    for (const score of result.documents) {
      if (score.notes.length === 0) continue;
      process.stdout.write(`\n${score.file}\n${score.notes.map((note) => `  ${note}`).join("\n")}\n`);
    }
  }
  return 0;
}

process.exitCode = await main();
