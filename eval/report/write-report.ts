import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { EvalReport } from "./eval-report.js";
import { formatMarkdownReport } from "./format-markdown.js";

/** Where a report was written. */
export interface WrittenReport {
  jsonPath: string;
  markdownPath: string;
}

/**
 * Writes the report as `eval-<start time>.json` (everything) and `.md` (the
 * summary and failures) into `dir`, creating it. Named by start time so runs
 * accumulate and can be diffed; each file goes through a temporary name so a
 * reader never sees half of one.
 */
export async function writeReport(dir: string, report: EvalReport): Promise<WrittenReport> {
  await mkdir(dir, { recursive: true });
  const stem = `eval-${report.run.startedAt.replace(/[:.]/g, "-")}`;
  const jsonPath = path.join(dir, `${stem}.json`);
  const markdownPath = path.join(dir, `${stem}.md`);
  await writeAtomically(jsonPath, `${JSON.stringify(report, null, 2)}\n`);
  await writeAtomically(markdownPath, formatMarkdownReport(report));
  return { jsonPath, markdownPath };
}

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
}
