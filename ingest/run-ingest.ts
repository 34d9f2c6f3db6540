import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Embedder } from "../src/embedding/embedder.js";
import { ModelError } from "../src/errors/app-errors.js";
import { readManifest, type IndexManifest } from "../src/store/index-manifest.js";
import { withIngestLock } from "../src/store/ingest-lock.js";
import { lancedbDir, writeIndex, type ClauseRow } from "../src/store/write-index.js";
import { createWordSegmenter } from "../src/text/segment-words.js";
import { prepareClause, type PreparedClause } from "./build-rows.js";
import { readCorpus, type FailedDocument } from "./read-corpus.js";

/** Progress of a long ingest step, for the progress bar. */
export interface IngestProgress {
  stage: "parse" | "embed" | "write";
  done: number;
  total: number;
}

/** What an ingest did, per document and in all. */
export interface IngestReport {
  documents: { id: string; title: string; region: string; clauses: number; clausesWithUnits: number; clausesWithoutUnits: number; characters: number }[];
  /** Documents skipped because they could not be read or parsed (and files the catalog does not list); the rest were indexed. */
  failed: FailedDocument[];
  totalClauses: number;
  embedder: string;
  ms: number;
  /** The corpus and embedder matched the index being served, so nothing was written. */
  unchanged: boolean;
}

export interface IngestOptions {
  seedsDir: string;
  dataDir: string;
  /** Only needed when writing; `check` runs parse and validation alone. */
  embedder?: Embedder;
  check?: boolean;
  /** Rebuild the table even when the corpus is unchanged (embeddings still come from the cache). */
  force?: boolean;
  onProgress?: (progress: IngestProgress) => void;
}

const EMBED_BATCH = 32;

/** Unit names sorted by how many clauses name them: the unit dictionary. */
function unitDictionary(clauses: PreparedClause[]): IndexManifest["units"] {
  const counts = new Map<string, number>();
  for (const clause of clauses) for (const unit of clause.units) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  return [...counts].map(([name, clauseCount]) => ({ name, clauseCount })).sort((a, b) => b.clauseCount - a.clauseCount || a.name.localeCompare(b.name));
}

/** A vector the index can hold: as long as the embedder says, every component a finite number. */
function checkedVector(vector: number[] | undefined, embedder: Embedder, clauseId: string): number[] {
  if (!vector || vector.length !== embedder.dimensions || !vector.every(Number.isFinite)) {
    throw new ModelError(
      `${embedder.name} returned ${vector ? `a ${vector.length}-dimensional vector` : "no vector"} for ${clauseId}, expected ${embedder.dimensions} finite numbers; the index was not changed`,
    );
  }
  return vector;
}

/** Hash of what the index holds: the clauses and the catalog entries of their documents (the manifest shows issuer, date …), wherever the seeds are. */
function contentHash(embedderName: string, clauses: PreparedClause[], entries: CatalogEntry[]): string {
  const metadata = entries.map(({ file: _file, ...entry }) => entry);
  return createHash("sha256").update(embedderName).update(JSON.stringify(clauses)).update(JSON.stringify(metadata)).digest("hex");
}

/**
 * Parses the seeds, embeds the clauses and writes a new index, switching the
 * manifest only when the table is complete. A document that cannot be read or
 * parsed is skipped and reported under `failed`; the others are indexed. An
 * unchanged corpus (same clauses, same embedder) keeps the current index and
 * returns at once.
 */
export async function runIngest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const { documents, failed } = await readCorpus(options.seedsDir);
  const allUnits = [...new Set(documents.flatMap((document) => document.clauses.flatMap((clause) => clause.units)))];
  const segmenter = createWordSegmenter(allUnits);
  const prepared = documents.flatMap((document) => document.clauses.map((clause) => prepareClause(clause, document.entry, segmenter)));
  options.onProgress?.({ stage: "parse", done: prepared.length, total: prepared.length });

  const report = (unchanged: boolean, embedder: string): IngestReport => ({
    documents: documents.map((document) => ({
      id: document.entry.id,
      title: document.entry.title,
      region: document.entry.region,
      clauses: document.clauses.length,
      clausesWithUnits: document.clauses.filter((clause) => clause.units.length > 0).length,
      clausesWithoutUnits: document.clauses.filter((clause) => clause.units.length === 0).length,
      characters: document.clauses.reduce((sum, clause) => sum + clause.text.length, 0),
    })),
    failed,
    totalClauses: prepared.length,
    embedder,
    ms: Math.round(performance.now() - started),
    unchanged,
  });

  if (options.check) return report(false, options.embedder?.name ?? "none");
  const embedder = options.embedder;
  if (!embedder) throw new Error("runIngest needs an embedder unless check is set");

  return withIngestLock(options.dataDir, async () => {
    const hash = contentHash(embedder.name, prepared, documents.map((document) => document.entry));
    const current = await readManifest(options.dataDir);
    if (!options.force && current?.contentHash === hash && existsSync(path.join(lancedbDir(options.dataDir), `${current.table}.lance`))) {
      return report(true, embedder.name);
    }
    const rows: ClauseRow[] = [];
    for (let start = 0; start < prepared.length; start += EMBED_BATCH) {
      const batch = prepared.slice(start, start + EMBED_BATCH);
      const vectors = await embedder.embedDocuments(batch.map((clause) => clause.searchText));
      batch.forEach((clause, index) => rows.push({ ...clause, vector: checkedVector(vectors[index], embedder, clause.id) }));
      options.onProgress?.({ stage: "embed", done: rows.length, total: prepared.length });
    }
    options.onProgress?.({ stage: "write", done: 0, total: 1 });
    const summary = report(false, embedder.name);
    await writeIndex(options.dataDir, rows, {
      builtAt: new Date().toISOString(),
      embedder: embedder.name,
      dimensions: embedder.dimensions,
      clauseCount: rows.length,
      contentHash: hash,
      // Only the documents indexed: a skipped one is not served, so refusals must not name its region.
      documents: documents.map(({ entry }) => {
        const counts = summary.documents.find((document) => document.id === entry.id)!;
        return {
          id: entry.id,
          title: entry.title,
          shortName: entry.shortName,
          region: entry.region,
          issuer: entry.issuer,
          docNumber: entry.docNumber,
          date: entry.date,
          year: entry.year,
          clauseCount: counts.clauses,
          clausesWithUnits: counts.clausesWithUnits,
        };
      }),
      units: unitDictionary(prepared),
    });
    options.onProgress?.({ stage: "write", done: 1, total: 1 });
    return { ...summary, ms: Math.round(performance.now() - started) };
  });
}
