import * as lancedb from "@lancedb/lancedb";
import { clauseTableSchema } from "./clause-table.js";
import { createTableFromRows } from "./create-table-from-rows.js";
import type { HeldLease } from "./ingest-lease.js";
import type { IndexedClause } from "./indexed-clause.js";
import type { IndexManifest } from "./index-manifest.js";
import type { IndexStorage } from "./index-storage.js";
import { LanceDbClauseStore } from "./lancedb-clause-store.js";
import { createSentenceTable, SENTENCE_TABLE_PREFIX, sentenceTableName, type SentenceRow } from "./sentence-table.js";

/** A clause ready to store: its searchable forms and its vector. */
export interface ClauseRow extends IndexedClause {
  /** Search-normalised text (Simplified, NFKC) that was embedded, with doc name, path and title. */
  searchText: string;
  /** jieba tokens of searchText, space-joined, for the full-text index. */
  tokens: string;
  /** Float32, as stored: a number[] would take twice the memory per row during a large ingest. */
  vector: Float32Array;
}

/** Options of {@link writeIndex}. */
export interface WriteIndexOptions {
  /** The writer lease: the table being built is recorded in it, and it is checked just before publishing. */
  lease?: HeldLease;
  /** How long a replaced table is kept for replicas still reading it. */
  retiredGraceMs?: number;
  /** Build the ANN vector index from this many rows on (brute force below). */
  annThreshold?: number;
  onWarning?: (message: string) => void;
  /** The clauses' sentences with their vectors, written to the version's sentence table (none: no table). */
  sentences?: Iterable<SentenceRow> | AsyncIterable<SentenceRow>;
}

/** Ten minutes: replicas switch within seconds of a publish; this leaves them a wide margin. */
export const DEFAULT_RETIRED_GRACE_MS = 10 * 60_000;
/** Where brute-force search neared 20 ms p95 on the 2-core machine (bench:scale); the ANN index pays off from here. */
export const DEFAULT_ANN_THRESHOLD = 10_000;
/** Rows per LanceDB write, which bounds the Arrow copies held at once (4,096 and 1,024 wrote 32,800 rows equally fast). */
const WRITE_BATCH = 1024;

/** The prefix of every clause table; a table of another name is never touched. */
const TABLE_PREFIX = "clauses_";

/**
 * Writes the rows in batches as they come, in the Arrow columns the table
 * declares: a caller that produces them as it goes (the ingest embeds batch
 * by batch) never holds every row at once.
 */
async function createClauseTable(
  connection: lancedb.Connection,
  name: string,
  rows: Iterable<ClauseRow> | AsyncIterable<ClauseRow>,
  dimensions: number,
): Promise<{ table: lancedb.Table; rowCount: number }> {
  const created = await createTableFromRows(connection, name, rows, { schema: clauseTableSchema(dimensions), batchSize: WRITE_BATCH, createEmpty: true });
  return created!;
}

async function createIndexes(table: lancedb.Table, rowCount: number, annThreshold: number): Promise<IndexManifest["vectorIndex"]> {
  await table.createIndex("tokens", {
    config: lancedb.Index.fts({ baseTokenizer: "whitespace", lowercase: true, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
  });
  await table.createIndex("id", { config: lancedb.Index.btree() });
  for (const column of ["docId", "region", "kind"]) await table.createIndex(column, { config: lancedb.Index.bitmap() });
  await table.createIndex("units", { config: lancedb.Index.labelList() });
  if (rowCount < annThreshold) return null;
  // HNSW over scalar-quantised vectors, one partition: on 32,800 clauses recall@5 0.95 against brute force at
  // ef 512 (IVF_PQ and IVF_FLAT with 181 partitions reached 0.42–0.74: question vectors sit apart from the
  // passages' clusters, so their neighbours spread over many partitions). bench:scale measures it.
  await table.createIndex("vector", { config: lancedb.Index.hnswSq({ distanceType: "cosine", numPartitions: 1 }) });
  return "hnsw_sq";
}

/** Drops clause tables with their sentence tables, each failure only warned about (a later ingest retries). */
async function dropTables(connection: lancedb.Connection, names: Iterable<string>, onWarning: (message: string) => void): Promise<void> {
  for (const name of names) {
    await connection.dropTable(name).catch((error: unknown) => onWarning(`could not drop table ${name}: ${(error as Error).message}`));
    // A version built without sentences has no sentence table: not finding one is no failure.
    const sentences = sentenceTableName(name);
    if (sentences !== name) await connection.dropTable(sentences).catch(() => undefined);
  }
}

/**
 * Removes what a crashed writer left: the table an abandoned lease says it
 * was building, and any clause table that is neither served nor retired.
 * Run under the lease, so no other writer is building one now.
 */
export async function dropOrphanTables(storage: IndexStorage, lease: HeldLease | undefined, onWarning: (message: string) => void = () => undefined): Promise<string[]> {
  const connection = await storage.connect();
  const manifest = await storage.registry.current();
  const keep = new Set([manifest?.table, ...(manifest?.retired ?? []).map((retired) => retired.table)]);
  const orphans = new Set<string>();
  if (lease?.tookOver?.building && !keep.has(lease.tookOver.building)) orphans.add(lease.tookOver.building);
  // Listing finds the others where the store lists folders (some S3 emulators do not).
  const keepSentences = new Set([...keep].filter((name): name is string => name !== undefined).map(sentenceTableName));
  for (const name of await connection.tableNames().catch(() => [])) {
    if ((name.startsWith(TABLE_PREFIX) && !keep.has(name)) || (name.startsWith(SENTENCE_TABLE_PREFIX) && !keepSentences.has(name))) orphans.add(name);
  }
  await dropTables(connection, orphans, onWarning);
  return [...orphans];
}

/**
 * Builds a new table from the rows (an array, or an async iterable written
 * batch by batch as it yields), indexes it, opens it as a reader would
 * (row count, every row, one vector and one full-text query), and only then
 * publishes the manifest. Readers keep the previous table until they see the
 * new manifest; a failure drops the half-built table and leaves the old
 * index. The replaced table is retired, and retired tables older than the
 * grace period are dropped.
 */
export async function writeIndex(
  storage: IndexStorage,
  rows: Iterable<ClauseRow> | AsyncIterable<ClauseRow>,
  manifest: Omit<IndexManifest, "table" | "version" | "vectorIndex" | "retired" | "sentences">,
  options: WriteIndexOptions = {},
): Promise<IndexManifest> {
  const onWarning = options.onWarning ?? ((message) => process.stderr.write(`${message}\n`));
  const graceMs = options.retiredGraceMs ?? DEFAULT_RETIRED_GRACE_MS;
  const connection = await storage.connect();
  const version = `${Date.now()}`;
  const tableName = `${TABLE_PREFIX}${version}`;
  await options.lease?.setBuilding(tableName);
  let next: IndexManifest;
  try {
    const { table, rowCount } = await createClauseTable(connection, tableName, rows, manifest.dimensions);
    const annThreshold = options.annThreshold ?? DEFAULT_ANN_THRESHOLD;
    const vectorIndex = await createIndexes(table, rowCount, annThreshold);
    table.close();
    const sentences = await createSentenceTable(connection, sentenceTableName(tableName), options.sentences ?? [], manifest.dimensions, annThreshold);
    next = {
      ...manifest,
      version,
      table: tableName,
      vectorIndex,
      sentences: sentences && { table: sentenceTableName(tableName), rowCount: sentences.rowCount, vectorIndex: sentences.vectorIndex },
      retired: [],
    };
    (await LanceDbClauseStore.open(connection, next)).close();
  } catch (error) {
    await connection.dropTable(tableName).catch(() => undefined);
    await connection.dropTable(sentenceTableName(tableName)).catch(() => undefined);
    await options.lease?.setBuilding(null).catch(() => undefined);
    throw error;
  }
  await options.lease?.assertHeld();
  const previous = await storage.registry.current();
  const now = Date.now();
  const retired = [...(previous?.retired ?? []), ...(previous ? [{ table: previous.table, retiredAt: new Date(now).toISOString() }] : [])];
  const expired = retired.filter((entry) => now - Date.parse(entry.retiredAt) >= graceMs && entry.table !== tableName);
  next = { ...next, retired: retired.filter((entry) => !expired.includes(entry) && entry.table !== tableName) };
  await storage.registry.publish(next);
  await options.lease?.setBuilding(null);
  await dropTables(connection, expired.map((entry) => entry.table), onWarning);
  return next;
}
