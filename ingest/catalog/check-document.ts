import path from "node:path";
import { loadCatalog, type Catalog, type CatalogEntry } from "../../src/corpus/catalog.js";
import type { Clause } from "../../src/corpus/clause.js";
import { parseDocument, type ParseDiagnostics } from "../parse-document.js";
import { failureOf } from "../read-corpus.js";
import { readDocumentFile } from "../read/read-document-file.js";
import type { StructuredText } from "../read/structured-text.js";
import { entryFor, type AddRequest } from "./add-document.js";
import { inferMetadata, type InferredMetadata } from "./infer-metadata.js";

/** The metadata a check shows: the catalog entry's for a listed file, else what the text shows (flags applied), with the id `--add` would give. */
export type CheckedMetadata = InferredMetadata & { id: string | null };

/** The check of one file, as `ingest --check FILE` prints it and the admin page shows it. */
export interface DocumentCheck {
  file: string;
  format: StructuredText["format"] | null;
  encoding: string | null;
  metadataSource: "catalog" | "inferred";
  metadata: CheckedMetadata;
  /** Flags `--add` needs because the text does not show the field (`--title`, `--region`, `--year`). */
  missing: string[];
  clauses: number;
  /** Every unit the plan names, with how many clauses name it, most named first. */
  units: { name: string; clauses: number }[];
  /** The deadlines the plan sets (`2024年6月底前`), as written, each once, in document order. */
  deadlines: string[];
  /** Null when the file could not be read or parsed. */
  diagnostics: ParseDiagnostics | null;
  /** Why the file cannot be indexed as it is; null when it parses. */
  error: { line?: number; reason: string } | null;
}

/** The units a plan names, most named first, and its deadlines in document order. */
function unitsAndDeadlines(clauses: readonly Clause[]): Pick<DocumentCheck, "units" | "deadlines"> {
  const counts = new Map<string, number>();
  for (const clause of clauses) for (const unit of clause.units) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  const units = [...counts].map(([name, count]) => ({ name, clauses: count })).sort((a, b) => b.clauses - a.clauses || a.name.localeCompare(b.name));
  const deadlines = [...new Set(clauses.flatMap((clause) => (clause.deadline ? [clause.deadline] : [])))];
  return { units, deadlines };
}

function metadataOf({ id, title, region, year, issuer, docNumber, date }: CatalogEntry): CheckedMetadata {
  return { id, title, region, year, issuer, docNumber, date };
}

function listedEntry(catalog: Catalog | null, seedsDir: string, file: string): CatalogEntry | null {
  return catalog?.documents.find((entry) => path.resolve(seedsDir, entry.file) === file) ?? null;
}

/**
 * Checks a plan before it is published, writing nothing: reads it, takes its
 * catalog entry (a file in the catalog) or infers its metadata (any other
 * file; `overrides` are the --title/--region/--year/--id flags), parses it
 * and reports its measures, units, roles, deadlines, what was not understood and what is
 * missing. Never throws for a bad file: the reason is in `error`.
 */
export async function checkDocument(file: string, options: { seedsDir: string; overrides?: Omit<AddRequest, "file"> }): Promise<DocumentCheck> {
  const resolved = path.resolve(file);
  const catalog = await loadCatalog(options.seedsDir).catch(() => null);
  const listed = listedEntry(catalog, options.seedsDir, resolved);
  const empty: CheckedMetadata = { id: null, title: null, region: null, year: null, issuer: null, docNumber: null, date: null };
  const base = { file: resolved, format: null, encoding: null, metadataSource: listed ? ("catalog" as const) : ("inferred" as const), missing: [], clauses: 0, units: [], deadlines: [], diagnostics: null };
  let structured: StructuredText;
  try {
    structured = await readDocumentFile(resolved);
  } catch (error) {
    const { line, reason } = failureOf(error, resolved);
    return { ...base, metadata: listed ? metadataOf(listed) : empty, error: { ...(line ? { line } : {}), reason } };
  }
  const read = { ...base, format: structured.format, encoding: structured.encoding ?? null };
  let entry: CatalogEntry;
  let missing: string[] = [];
  let metadata: CheckedMetadata;
  if (listed) {
    entry = listed;
    metadata = metadataOf(listed);
  } else {
    const inferred = inferMetadata(structured);
    const resolvedEntry = entryFor(catalog ?? { documents: [] }, resolved, inferred, options.overrides ?? {});
    entry = resolvedEntry.entry;
    missing = resolvedEntry.missing.map((field) => field.flag);
    const given = (flag: string) => !missing.includes(flag);
    metadata = {
      // A derived id would be built on a stand-in for what is missing.
      id: missing.length === 0 || options.overrides?.id ? entry.id : null,
      title: given("--title") ? entry.title : null,
      region: given("--region") ? entry.region : null,
      year: given("--year") ? entry.year : null,
      issuer: inferred.issuer,
      docNumber: entry.docNumber,
      date: inferred.date,
    };
  }
  try {
    const parsed = parseDocument(structured, { ...entry, file: resolved });
    return { ...read, metadata, missing, clauses: parsed.clauses.length, ...unitsAndDeadlines(parsed.clauses), diagnostics: parsed.diagnostics, error: null };
  } catch (error) {
    const { line, reason } = failureOf(error, resolved);
    return { ...read, metadata, missing, error: { ...(line ? { line } : {}), reason } };
  }
}
