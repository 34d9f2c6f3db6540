import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { loadCatalog, type Catalog, type CatalogEntry } from "../src/corpus/catalog.js";
import { AppError, CorpusError } from "../src/errors/app-errors.js";
import { parseDocument, type ParsedDocument } from "./parse-document.js";
import { readDocumentFile } from "./read/read-document-file.js";

/** Files in `seeds/` that are not documents. */
const NOT_DOCUMENTS = new Set(["catalog.json", "README.md"]);

/** A document ingest skipped, and why: what `failed` in the ingest report lists. */
export interface FailedDocument {
  /** The file, by its full path. */
  file: string;
  /** The catalog id, when the file is in the catalog. */
  id?: string;
  /** The line (of a text file) or block (of the others) where reading or parsing stopped. */
  line?: number;
  reason: string;
}

/** Reads and parses one catalog document; `file` in the entry becomes the full path, so messages say where to look. */
export async function readCatalogDocument(seedsDir: string, entry: CatalogEntry): Promise<ParsedDocument> {
  const file = path.join(seedsDir, entry.file);
  return parseDocument(await readDocumentFile(file), { ...entry, file });
}

/** A failure as the report lists it: the reason without the `file:line:` the message starts with. */
export function failureOf(error: unknown, file: string, id?: string): FailedDocument {
  const details = error instanceof AppError ? error.details : {};
  const line = typeof details.line === "number" ? details.line : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const where = typeof details.file === "string" ? `${details.file}${line ? `:${line}` : ""}: ` : "";
  const reason = error instanceof AppError ? message.slice(message.startsWith(where) ? where.length : 0) : `unexpected error: ${message.split("\n")[0]}`;
  return { file, ...(id ? { id } : {}), ...(line ? { line } : {}), reason };
}

/**
 * Reads the catalog and parses every document it lists. A document that
 * cannot be read or parsed is skipped and listed in `failed` with its file,
 * line and reason, as is a file the catalog does not list; the others are
 * returned. What cannot be skipped throws: a catalog that does not load, or a
 * corpus where no document is left.
 */
export async function readCorpus(seedsDir: string): Promise<{ catalog: Catalog; documents: ParsedDocument[]; failed: FailedDocument[] }> {
  const catalog = await loadCatalog(seedsDir);
  const failed: FailedDocument[] = [];
  const listed = new Set(catalog.documents.map((entry) => entry.file));
  for (const file of (await readdir(seedsDir, { withFileTypes: true })).filter((dirent) => dirent.isFile()).map((dirent) => dirent.name)) {
    if (!NOT_DOCUMENTS.has(file) && !file.startsWith(".") && !listed.has(file)) {
      failed.push({ file: path.join(seedsDir, file), reason: "file is not in seeds/catalog.json: add it with `npm run ingest -- --add FILE`, or remove it" });
    }
  }
  const documents: ParsedDocument[] = [];
  for (const entry of catalog.documents) {
    const file = path.join(seedsDir, entry.file);
    if (!existsSync(file)) {
      failed.push({ file, id: entry.id, reason: `catalog entry "${entry.id}" names a file that does not exist` });
      continue;
    }
    try {
      documents.push(await readCatalogDocument(seedsDir, entry));
    } catch (error) {
      failed.push(failureOf(error, file, entry.id));
    }
  }
  if (documents.length === 0) {
    const reasons = failed.map((failure) => `\n  ${failure.file}${failure.line ? `:${failure.line}` : ""}: ${failure.reason}`).join("");
    throw new CorpusError(`no document could be read, so there is nothing to index:${reasons}`, { file: path.join(seedsDir, "catalog.json") });
  }
  return { catalog, documents, failed };
}
