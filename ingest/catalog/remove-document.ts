import { rm } from "node:fs/promises";
import path from "node:path";
import { loadCatalog, type CatalogEntry } from "../../src/corpus/catalog.js";
import { NotFoundError, ValidationError } from "../../src/errors/app-errors.js";
import { writeCatalog } from "./write-catalog.js";

/**
 * Takes a document out of the corpus: its catalog entry, then its file in
 * `seeds/`. Re-indexing is the caller's step. An unknown id is an error
 * listing the ids there are; the last document cannot be removed.
 */
export async function removeDocument(seedsDir: string, id: string): Promise<CatalogEntry> {
  const catalog = await loadCatalog(seedsDir);
  const entry = catalog.documents.find((document) => document.id === id);
  if (!entry) {
    throw new NotFoundError(`no document "${id}" in the catalog; it has ${catalog.documents.map((document) => document.id).join(", ")}`, { field: "remove" });
  }
  if (catalog.documents.length === 1) throw new ValidationError(`"${id}" is the only document: the corpus needs at least one, add another first`, { field: "remove" });
  await writeCatalog(seedsDir, { documents: catalog.documents.filter((document) => document !== entry) });
  // After the catalog: a file left behind by a crash here is only reported as unlisted, never indexed.
  await rm(path.join(seedsDir, entry.file), { force: true });
  return entry;
}
