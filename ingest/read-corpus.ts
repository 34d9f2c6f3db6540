import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { loadCatalog, type Catalog } from "../src/corpus/catalog.js";
import { CorpusError } from "../src/errors/app-errors.js";
import { parseDocument, type ParsedDocument } from "./parse-document.js";
import { readDocumentFile } from "./read/read-document-file.js";

/** Files in `seeds/` that are not documents. */
const NOT_DOCUMENTS = new Set(["catalog.json", "README.md"]);

/**
 * Reads the catalog and parses every document it lists. The catalog and the
 * folder must agree: a document file the catalog does not list, or a catalog
 * entry whose file is missing, is an error naming the file.
 */
export async function readCorpus(seedsDir: string): Promise<{ catalog: Catalog; documents: ParsedDocument[] }> {
  const catalog = await loadCatalog(seedsDir);
  const listed = new Set(catalog.documents.map((entry) => entry.file));
  for (const file of await readdir(seedsDir)) {
    if (!NOT_DOCUMENTS.has(file) && !listed.has(file)) {
      throw new CorpusError(`file is not in seeds/catalog.json: add an entry for it or remove it`, { file: path.join(seedsDir, file) });
    }
  }
  const documents: ParsedDocument[] = [];
  for (const entry of catalog.documents) {
    const file = path.join(seedsDir, entry.file);
    if (!existsSync(file)) throw new CorpusError(`catalog entry "${entry.id}" names a file that does not exist`, { file });
    // Name the file by its full path in errors, so the message says where to look.
    documents.push(parseDocument(await readDocumentFile(file), { ...entry, file }));
  }
  return { catalog, documents };
}
