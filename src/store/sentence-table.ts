import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from "apache-arrow";
import { createTableFromRows } from "./create-table-from-rows.js";
import type { ClauseFilter, IndexedClause, RankedSentence } from "./indexed-clause.js";
import { filterPredicate, matchesFilter } from "./lancedb-clause-store.js";
import { PackedVectors, type VectorCell } from "./packed-vectors.js";

/** One sentence of a clause, embedded on its own so a clause can score by its best sentence. */
export interface SentenceRow {
  clauseId: string;
  /** The clause's document, region and kind, so a search filters sentences as it filters clauses. */
  docId: string;
  region: string;
  kind: string;
  /** Position of the sentence in its clause. */
  ordinal: number;
  /** The text that was embedded (the clause title, then the sentence). */
  text: string;
  vector: Float32Array;
}

/** The prefix of every sentence table; `sentences_<version>` belongs to `clauses_<version>`. */
export const SENTENCE_TABLE_PREFIX = "sentences_";

/** The sentence table that goes with a clause table (`clauses_123` → `sentences_123`). */
export function sentenceTableName(clauseTable: string): string {
  return clauseTable.replace(/^clauses_/, SENTENCE_TABLE_PREFIX);
}

/** Rows per LanceDB write, which bounds the Arrow copy held at once. */
const WRITE_BATCH = 8192;
/** How wide the HNSW search is (as for clauses: recall@5 0.95 at 32,800 rows). */
const HNSW_EF = 512;
/** A clause has a few sentences: this many rows per clause asked for finds `limit` distinct clauses. */
const ROWS_PER_CLAUSE = 4;

function sentenceSchema(dimensions: number): Schema {
  return new Schema([
    new Field("clauseId", new Utf8(), false),
    new Field("docId", new Utf8(), false),
    new Field("region", new Utf8(), false),
    new Field("kind", new Utf8(), false),
    new Field("ordinal", new Int32(), false),
    new Field("text", new Utf8(), false),
    new Field("vector", new FixedSizeList(dimensions, new Field("item", new Float32(), true)), false),
  ]);
}

/**
 * Writes the sentence table of an index version from rows that may arrive as
 * they are embedded (a few thousand at a time are held), with the same filter
 * indexes as the clause table and, from `annThreshold` rows, the same HNSW_SQ
 * vector index. An index without sentences gets no table (null).
 */
export async function createSentenceTable(
  connection: lancedb.Connection,
  name: string,
  rows: Iterable<SentenceRow> | AsyncIterable<SentenceRow>,
  dimensions: number,
  annThreshold: number,
): Promise<{ vectorIndex: "hnsw_sq" | null; rowCount: number } | null> {
  const created = await createTableFromRows(connection, name, rows, { schema: sentenceSchema(dimensions), batchSize: WRITE_BATCH });
  if (!created) return null;
  const { table, rowCount } = created;
  try {
    for (const column of ["docId", "region", "kind"]) await table.createIndex(column, { config: lancedb.Index.bitmap() });
    if (rowCount < annThreshold) return { vectorIndex: null, rowCount };
    await table.createIndex("vector", { config: lancedb.Index.hnswSq({ distanceType: "cosine", numPartitions: 1 }) });
    return { vectorIndex: "hnsw_sq", rowCount };
  } finally {
    table.close();
  }
}

/**
 * Each clause's best row (the first of equal scores), best first, at most
 * `limit` clauses. Rows are read by index, so only the kept ones become
 * entries; a row whose clause is undefined (filtered out, unknown) is skipped.
 */
function bestPerClause(
  rowCount: number,
  row: { clause: (row: number) => IndexedClause | undefined; score: (row: number) => number; sentence: (row: number) => string },
  limit: number,
): RankedSentence[] {
  const best = new Map<string, { clause: IndexedClause; row: number }>();
  for (let index = 0; index < rowCount; index++) {
    const clause = row.clause(index);
    if (!clause) continue;
    const kept = best.get(clause.id);
    if (!kept || row.score(index) > row.score(kept.row)) best.set(clause.id, { clause, row: index });
  }
  return [...best.values()]
    .map(({ clause, row: index }) => ({ clause, score: row.score(index), sentence: row.sentence(index) }))
    .sort((left, right) => right.score - left.score)
    .slice(0, limit);
}

/**
 * The sentence vectors of one index version. Up to `inMemoryRows` rows they
 * are held in one Float32Array and searched exactly, as the clause vectors
 * are; above it LanceDB searches them (HNSW_SQ when built, exact under a
 * document filter, where a graph walk would find few of the documents' rows).
 */
export class SentenceIndex {
  private constructor(
    private readonly table: lancedb.Table,
    private readonly byId: ReadonlyMap<string, IndexedClause>,
    private readonly annIndexed: boolean,
    /** Per row: its clause and text, and the vectors row-major, when held in memory. */
    private readonly inMemory: { clauses: IndexedClause[]; texts: string[]; vectors: PackedVectors } | null,
  ) {}

  /**
   * Opens and checks the table: it holds `rowCount` rows, each naming a clause of the index.
   * Throws an Error saying what is wrong (the clause store turns it into an index check failure).
   */
  static async open(
    connection: lancedb.Connection,
    name: string,
    expected: { rowCount: number; dimensions: number; annIndexed: boolean; inMemoryRows: number },
    byId: ReadonlyMap<string, IndexedClause>,
  ): Promise<SentenceIndex> {
    const table = await connection.openTable(name);
    try {
      const rowCount = await table.countRows();
      if (rowCount !== expected.rowCount) throw new Error(`sentence table ${name} holds ${rowCount} rows, its manifest says ${expected.rowCount}`);
      let inMemory: SentenceIndex["inMemory"] = null;
      if (rowCount <= expected.inMemoryRows) {
        const rows = await table.query().select(["clauseId", "text", "vector"]).limit(rowCount + 1).toArray();
        const clauses = rows.map((row: Record<string, unknown>) => {
          const clause = byId.get(String(row.clauseId));
          if (!clause) throw new Error(`sentence table ${name} names clause ${String(row.clauseId)}, which the index does not hold`);
          return clause;
        });
        const vectors = PackedVectors.from(rows.map((row: Record<string, unknown>) => row.vector as VectorCell), expected.dimensions);
        inMemory = { clauses, texts: rows.map((row: Record<string, unknown>) => String(row.text)), vectors };
      }
      return new SentenceIndex(table, byId, expected.annIndexed, inMemory);
    } catch (error) {
      table.close();
      throw error;
    }
  }

  /** Clauses by their best sentence's cosine to `vector`, best first. */
  async search(vector: readonly number[], limit: number, filter?: ClauseFilter): Promise<RankedSentence[]> {
    if (this.inMemory) {
      const { clauses, texts, vectors } = this.inMemory;
      const cosines = vectors.cosines(vector);
      return bestPerClause(
        clauses.length,
        { clause: (row) => (matchesFilter(clauses[row]!, filter) ? clauses[row] : undefined), score: (row) => cosines[row]!, sentence: (row) => texts[row]! },
        limit,
      );
    }
    let query = this.table.query().nearestTo([...vector]).distanceType("cosine").select(["clauseId", "text", "_distance"]).limit(limit * ROWS_PER_CLAUSE);
    const predicate = filterPredicate(filter);
    if (predicate) query = query.where(predicate);
    if (this.annIndexed) query = predicate ? query.bypassVectorIndex() : query.ef(HNSW_EF);
    const rows = (await query.toArray()) as Record<string, unknown>[];
    return bestPerClause(
      rows.length,
      { clause: (row) => this.byId.get(String(rows[row]!.clauseId)), score: (row) => 1 - Number(rows[row]!._distance), sentence: (row) => String(rows[row]!.text) },
      limit,
    );
  }

  close(): void {
    this.table.close();
  }
}
