import type { CatalogEntry } from "../src/corpus/catalog.js";
import type { Embedder } from "../src/embedding/embedder.js";
import type { IndexManifest } from "../src/store/index-manifest.js";
import { localIndexStorage, type IndexStorage } from "../src/store/index-storage.js";
import { createWordSegmenter } from "../src/text/segment-words.js";
import { prepareClause } from "./build-rows.js";
import { indexClauses, type IngestProgress } from "./index-clauses.js";
import { readCorpus, type FailedDocument } from "./read-corpus.js";

export type { IngestProgress } from "./index-clauses.js";

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
  /** Why the served index was rebuilt though the corpus was unchanged (it failed its check), or null. */
  repaired: string | null;
}

export interface IngestOptions {
  seedsDir: string;
  /** The local data folder; its index is DATA_DIR/lancedb unless `storage` says otherwise. */
  dataDir: string;
  /** The index location to write (INDEX_URI); defaults to the data folder's. */
  storage?: IndexStorage;
  /** Only needed when writing; `check` runs parse and validation alone. */
  embedder?: Embedder;
  check?: boolean;
  /** Rebuild the table even when the corpus is unchanged (embeddings still come from the cache). */
  force?: boolean;
  onProgress?: (progress: IngestProgress) => void;
}

/**
 * The manifest's document list: each indexed document's catalog metadata with
 * its counts. Only the documents indexed: a skipped one is not served, so
 * refusals must not name its region.
 */
export function manifestDocuments(entries: readonly CatalogEntry[], counts: IngestReport["documents"]): IndexManifest["documents"] {
  return entries.map((entry) => {
    const counted = counts.find((document) => document.id === entry.id)!;
    return {
      id: entry.id,
      title: entry.title,
      shortName: entry.shortName,
      region: entry.region,
      issuer: entry.issuer,
      docNumber: entry.docNumber,
      date: entry.date,
      year: entry.year,
      clauseCount: counted.clauses,
      clausesWithUnits: counted.clausesWithUnits,
    };
  });
}

/**
 * Parses the seeds, embeds the clauses and writes a new index, switching the
 * manifest only when the table is complete. A document that cannot be read or
 * parsed is skipped and reported under `failed`; the others are indexed. An
 * unchanged corpus (same clauses, documents and embedder) keeps the current
 * index and returns at once.
 */
export async function runIngest(options: IngestOptions): Promise<IngestReport> {
  const started = performance.now();
  const { documents, failed } = await readCorpus(options.seedsDir);
  const allUnits = [...new Set(documents.flatMap((document) => document.clauses.flatMap((clause) => clause.units)))];
  const segmenter = createWordSegmenter(allUnits);
  const prepared = documents.flatMap((document) => document.clauses.map((clause) => prepareClause(clause, document.entry, segmenter)));
  options.onProgress?.({ stage: "parse", done: prepared.length, total: prepared.length });

  const report = (unchanged: boolean, embedder: string): IngestReport => ({
    repaired: null,
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

  const result = await indexClauses({
    storage: options.storage ?? localIndexStorage(options.dataDir),
    embedder,
    clauses: prepared,
    force: options.force,
    onProgress: options.onProgress,
    documents: manifestDocuments(
      documents.map((document) => document.entry),
      report(false, embedder.name).documents,
    ),
  });
  return { ...report(result.unchanged, embedder.name), repaired: result.repaired };
}
