import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument, type ParsedDocument } from "../../ingest/parse-document.js";
import { loadCatalog } from "../../src/corpus/catalog.js";
import { projectRoot } from "../../src/config/app-config.js";

/** The project's real seeds folder. */
export const seedsDir = path.join(projectRoot, "seeds");

/** Parses every real seed document (no embedding, no store). */
export async function parseRealCorpus(): Promise<Map<string, ParsedDocument>> {
  const catalog = await loadCatalog(seedsDir);
  const parsed = new Map<string, ParsedDocument>();
  for (const entry of catalog.documents) {
    const raw = await readFile(path.join(seedsDir, entry.file), "utf8");
    parsed.set(entry.id, parseDocument(raw, entry));
  }
  return parsed;
}
