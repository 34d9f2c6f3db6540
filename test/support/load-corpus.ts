import path from "node:path";
import { parseDocument, type ParsedDocument } from "../../ingest/parse-document.js";
import { readDocumentFile } from "../../ingest/read/read-document-file.js";
import { loadCatalog } from "../../src/corpus/catalog.js";
import { projectRoot } from "../../src/config/app-config.js";

/** The project's real seeds folder. */
export const seedsDir = path.join(projectRoot, "seeds");

/** Parses every real seed document (no embedding, no store). */
export async function parseRealCorpus(): Promise<Map<string, ParsedDocument>> {
  const catalog = await loadCatalog(seedsDir);
  const parsed = new Map<string, ParsedDocument>();
  for (const entry of catalog.documents) {
    parsed.set(entry.id, parseDocument(await readDocumentFile(path.join(seedsDir, entry.file)), entry));
  }
  return parsed;
}
