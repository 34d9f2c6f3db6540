import { createHash } from "node:crypto";
import type { Embedder } from "../src/embedding/embedder.js";
import { ModelError } from "../src/errors/app-errors.js";
import type { IndexManifest } from "../src/store/index-manifest.js";
import type { IndexStorage } from "../src/store/index-storage.js";
import { withIngestLease, type IngestLeaseOptions } from "../src/store/ingest-lease.js";
import { LanceDbClauseStore } from "../src/store/lancedb-clause-store.js";
import type { SentenceRow } from "../src/store/sentence-table.js";
import { dropOrphanTables, writeIndex, type ClauseRow, type WriteIndexOptions } from "../src/store/write-index.js";
import type { PreparedClause } from "./build-rows.js";

/** Progress of a long ingest step, for the progress bar. */
export interface IngestProgress {
  stage: "parse" | "embed" | "write";
  done: number;
  total: number;
}

/** What writing the index did. */
export interface IndexClausesResult {
  /** The corpus and embedder matched the served index, and it passed its check: nothing was written. */
  unchanged: boolean;
  /** Why the served index was rebuilt although the corpus was unchanged (it failed its check), or null. */
  repaired: string | null;
  /** Tables a crashed writer had left, dropped before writing. */
  orphansRemoved: string[];
  manifest: IndexManifest | null;
}

/** Options of {@link indexClauses}. */
export interface IndexClausesOptions {
  storage: IndexStorage;
  embedder: Embedder;
  clauses: PreparedClause[];
  /** The manifest's document list (with counts). */
  documents: IndexManifest["documents"];
  /** Rebuild even when the corpus is unchanged and the index is sound. */
  force?: boolean;
  onProgress?: (progress: IngestProgress) => void;
  onWarning?: (message: string) => void;
  lease?: IngestLeaseOptions;
  write?: Pick<WriteIndexOptions, "annThreshold" | "retiredGraceMs">;
}

/** Passages per embedder call from the ingest; only sets the progress granularity. */
const EMBED_BATCH = 64;
/**
 * The cache is saved at the end of the ingest, and also after this long of
 * embedding: a long cold ingest that dies (a killed job, a machine restart)
 * keeps most of its work, for a write every few minutes instead of every batch.
 */
const CACHE_CHECKPOINT_MS = 5 * 60_000;

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

/** Embeds passages in batches, saving the passage cache every few minutes of a long run, and reports progress. */
class BatchEmbedder {
  private savedAt = performance.now();
  private done = 0;

  constructor(
    private readonly embedder: Embedder,
    private readonly total: number,
    private readonly onProgress: IndexClausesOptions["onProgress"],
  ) {}

  /** Each item with its checked vector, batch by batch as the caller asks for them. */
  async *embed<T>(items: readonly T[], textOf: (item: T) => string, nameOf: (item: T) => string): AsyncGenerator<[T, Float32Array]> {
    for (let start = 0; start < items.length; start += EMBED_BATCH) {
      if (performance.now() - this.savedAt > CACHE_CHECKPOINT_MS) {
        await this.embedder.flush?.();
        this.savedAt = performance.now();
      }
      const batch = items.slice(start, start + EMBED_BATCH);
      const vectors = await this.embedder.embedDocuments(batch.map(textOf));
      for (const [index, item] of batch.entries()) yield [item, Float32Array.from(checkedVector(vectors[index], this.embedder, nameOf(item)))];
      this.done += batch.length;
      this.onProgress?.({ stage: "embed", done: this.done, total: this.total });
    }
  }
}

/** Every clause's sentences, as the sentence table holds them (without vectors yet). */
function sentencesOf(clauses: readonly PreparedClause[]): Omit<SentenceRow, "vector">[] {
  return clauses.flatMap((clause) =>
    clause.sentences.map((text, ordinal) => ({ clauseId: clause.id, docId: clause.docId, region: clause.region, kind: clause.kind, ordinal, text })),
  );
}

/**
 * The clauses with their vectors, embedded batch by batch as the table
 * writer asks for them, so a large ingest never holds every clause row (and
 * its vector) at once.
 */
async function* embeddedRows(clauses: readonly PreparedClause[], batches: BatchEmbedder): AsyncGenerator<ClauseRow> {
  for await (const [{ sentences: _sentences, ...clause }, vector] of batches.embed(clauses, (clause) => clause.searchText, (clause) => clause.id)) {
    yield { ...clause, vector };
  }
}

/** The clauses' sentences with their vectors, embedded as the sentence table's writer asks for them (after the clauses). */
async function* embeddedSentences(clauses: readonly PreparedClause[], batches: BatchEmbedder, onProgress: IndexClausesOptions["onProgress"]): AsyncGenerator<SentenceRow> {
  const name = (sentence: Omit<SentenceRow, "vector">) => `${sentence.clauseId} sentence ${sentence.ordinal + 1}`;
  for await (const [sentence, vector] of batches.embed(sentencesOf(clauses), (sentence) => sentence.text, name)) yield { ...sentence, vector };
  onProgress?.({ stage: "write", done: 0, total: 1 });
}

/**
 * Hash of what the index holds — the clauses, the documents' metadata (the
 * manifest shows issuer, date …) and the embedder: an unchanged corpus
 * re-ingests to the same value.
 */
function contentHash(embedderName: string, clauses: PreparedClause[], documents: IndexManifest["documents"]): string {
  const hash = createHash("sha256").update(embedderName);
  for (const clause of clauses) hash.update(JSON.stringify(clause));
  return hash.update(JSON.stringify(documents)).digest("hex");
}

/** Opens the served index as a replica would; the reason it fails, or null when it is sound. */
async function servedIndexProblem(storage: IndexStorage, manifest: IndexManifest): Promise<string | null> {
  try {
    (await LanceDbClauseStore.open(await storage.connect(), manifest)).close();
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * The write half of an ingest, under the index location's writer lease:
 * drops what a crashed writer left, keeps a served index that matches the
 * clauses and passes its check, and otherwise embeds (through the cache,
 * saved at the end and every few minutes of a long run) while it writes
 * the rows in batches, indexes, checks and publishes a new version.
 */
export async function indexClauses(options: IndexClausesOptions): Promise<IndexClausesResult> {
  const { storage, embedder, clauses } = options;
  const onWarning = options.onWarning ?? ((message) => process.stderr.write(`${message}\n`));
  const settle = { settleMs: storage.remote ? 1000 : 0, ...options.lease };
  return withIngestLease(
    storage.blobs,
    storage.location.uri,
    async (lease) => {
      const orphansRemoved = await dropOrphanTables(storage, lease, onWarning);
      const hash = contentHash(embedder.name, clauses, options.documents);
      const current = await storage.registry.current();
      let repaired: string | null = null;
      if (!options.force && current?.contentHash === hash) {
        repaired = await servedIndexProblem(storage, current);
        if (!repaired) return { unchanged: true, repaired: null, orphansRemoved, manifest: current };
        onWarning(`the served index is damaged (${repaired}); rebuilding it`);
      }
      const passages = clauses.length + clauses.reduce((sum, clause) => sum + clause.sentences.length, 0);
      const batches = new BatchEmbedder(embedder, passages, options.onProgress);
      let manifest: IndexManifest;
      try {
        // Both tables are written as their rows are embedded, the clauses first, so a large ingest
        // holds a write batch of rows at a time, never every row and its vector.
        manifest = await writeIndex(
          storage,
          embeddedRows(clauses, batches),
          {
            builtAt: new Date().toISOString(),
            embedder: embedder.name,
            dimensions: embedder.dimensions,
            clauseCount: clauses.length,
            contentHash: hash,
            documents: options.documents,
            units: unitDictionary(clauses),
          },
          { lease, onWarning, sentences: embeddedSentences(clauses, batches, options.onProgress), ...options.write },
        );
      } finally {
        // Once per ingest (and every few minutes of a long one), also when embedding or writing failed part-way: what was embedded is kept.
        await embedder.flush?.();
      }
      options.onProgress?.({ stage: "write", done: 1, total: 1 });
      return { unchanged: false, repaired, orphansRemoved, manifest };
    },
    settle,
  );
}
