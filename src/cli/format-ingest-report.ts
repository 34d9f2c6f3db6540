import type { PlannedAddition } from "../../ingest/catalog/add-document.js";
import type { DocumentCheck } from "../../ingest/catalog/check-document.js";
import type { FailedDocument } from "../../ingest/read-corpus.js";
import type { IngestReport } from "../../ingest/run-ingest.js";
import { formatTable } from "./format-table.js";

/** `file:line: reason`, the way compilers point at a problem. */
function where(file: string, line: number | undefined): string {
  return line ? `${file}:${line}` : file;
}

/** The documents table with totals, then the skipped documents, if any. */
export function documentsTable(report: IngestReport): string {
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
  return `${table}\n${failedList(report.failed)}`;
}

/** The skipped documents, one per line; empty when none. */
export function failedList(failed: FailedDocument[]): string {
  if (failed.length === 0) return "";
  const lines = failed.map((failure) => `  ${where(failure.file, failure.line)}${failure.id ? ` (${failure.id})` : ""}: ${failure.reason}`);
  return `\nskipped ${failed.length} (not indexed, the others are):\n${lines.join("\n")}\n`;
}

/** What --add read from the file and the entry it writes, for a person to confirm. */
export function additionSummary(plan: PlannedAddition, sourceFile: string): string {
  const { entry, inferred } = plan;
  const shown = (value: string | number | null, inferredValue: string | number | null) => `${value ?? "—"}${value !== null && value === inferredValue ? "" : value === null ? "" : "  (given)"}`;
  const lines = [
    `${plan.replaces ? `replacing ${plan.replaces.id} (${plan.replaces.file}) with` : "adding"} ${sourceFile}`,
    `  id         ${entry.id}${plan.idDerived ? "  (derived; --id to choose one)" : ""}`,
    `  title      ${shown(entry.title, inferred.title)}`,
    `  region     ${shown(entry.region, inferred.region)}`,
    `  year       ${shown(entry.year, inferred.year)}`,
    `  issuer     ${entry.issuer}${inferred.issuer ? "" : "  (not in the text: the region's name)"}`,
    `  docNumber  ${entry.docNumber ?? "—"}`,
    `  date       ${entry.date}`,
    `  shortName  ${entry.shortName}`,
    `  file       seeds/${entry.file}`,
  ];
  return `${lines.join("\n")}\n`;
}

/** One file's check for a person: metadata, the counts, and each thing to look at. */
export function checkSummary(check: DocumentCheck): string {
  const { metadata, diagnostics } = check;
  const lines = [`${check.file}${check.format ? ` (${check.format}${check.encoding ? `, ${check.encoding}` : ""})` : ""}`];
  lines.push(`  metadata (${check.metadataSource === "catalog" ? "from the catalog" : "inferred from the text"}):`);
  for (const [name, value] of Object.entries(metadata)) lines.push(`    ${name.padEnd(10)} ${value ?? "—"}`);
  if (check.missing.length > 0) lines.push(`  not in the text, give with --add: ${check.missing.join(", ")}`);
  if (diagnostics) {
    const { roles } = diagnostics;
    lines.push(`  measures found           ${diagnostics.measures}`);
    lines.push(`  clauses with units       ${diagnostics.clausesWithUnits} of ${check.clauses}`);
    lines.push(`  roles found              lead ${roles.lead}, responsible ${roles.responsible}, support ${roles.support}`);
    lines.push(`  units found              ${check.units.length === 0 ? "none" : check.units.map((unit) => `${unit.name} (${unit.clauses})`).join("、")}`);
    lines.push(`  deadlines                ${check.deadlines.length === 0 ? "none" : check.deadlines.join("  ")}`);
    lines.push(`  measures without units   ${diagnostics.measuresWithoutUnits.length === 0 ? "none" : diagnostics.measuresWithoutUnits.join("  ")}`);
    lines.push(`  brackets not understood  ${diagnostics.notUnderstood.length === 0 ? "none" : diagnostics.notUnderstood.join("  ")}`);
  }
  if (check.error) lines.push(`  cannot be indexed: ${where(check.file, check.error.line)}: ${check.error.reason}`);
  return `${lines.join("\n")}\n`;
}
