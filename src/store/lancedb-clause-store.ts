import type * as lancedb from "@lancedb/lancedb";
import { IndexNotReadyError } from "../errors/app-errors.js";
import type { ClauseStore } from "./clause-store.js";
import { CLAUSE_COLUMNS, parseClauseRow } from "./clause-table.js";
import type { ClauseFilter, IndexedClause, RankedClause, RankedSentence } from "./indexed-clause.js";
import type { IndexManifest } from "./index-manifest.js";
import { MemoryTextIndex } from "./memory-text-index.js";
import { PackedVectors, type VectorCell } from "./packed-vectors.js";
import { SentenceIndex } from "./sentence-table.js";

/** Quotes a value for a LanceDB SQL predicate. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The SQL predicate for a filter, or null when it filters nothing. */
export function filterPredicate(filter: ClauseFilter = {}): string | null {
  const parts: string[] = [];
  if (filter.docIds?.length) parts.push(`docId IN (${filter.docIds.map(sqlString).join(", ")})`);
  if (filter.regions?.length) parts.push(`region IN (${filter.regions.map(sqlString).join(", ")})`);
  if (filter.kinds?.length) parts.push(`kind IN (${filter.kinds.map(sqlString).join(", ")})`);
  return parts.length > 0 ? parts.join(" AND ") : null;
}

/** Whether a clause passes a filter (what `filterPredicate` says in SQL). */
export function matchesFilter(clause: IndexedClause, filter?: ClauseFilter): boolean {
  // No default `{}`: this runs once per row of a scan, and a default object would be made on every call.
  return (
    (!filter?.docIds?.length || filter.docIds.includes(clause.docId)) &&
    (!filter?.regions?.length || filter.regions.includes(clause.region)) &&
    (!filter?.kinds?.length || filter.kinds.includes(clause.kind))
  );
}

/** Exact cosine of `vector` against each clause's row of `vectors` that passes the filter, best first. */
function exactSearch(clauses: readonly IndexedClause[], vectors: PackedVectors, vector: readonly number[], limit: number, filter?: ClauseFilter): RankedClause[] {
  const cosines = vectors.cosines(vector);
  const ranked: RankedClause[] = [];
  for (let row = 0; row < clauses.length; row++) {
    if (matchesFilter(clauses[row]!, filter)) ranked.push({ clause: clauses[row]!, score: cosines[row]! });
  }
  return ranked.sort((left, right) => right.score - left.score).slice(0, limit);
}

function byDocumentOrder(left: IndexedClause, right: IndexedClause): number {
  return left.docId === right.docId ? left.ordinal - right.ordinal : left.docId < right.docId ? -1 : 1;
}

/** Why an index failed its check on opening: the serving index stays, and health says this. */
export class IndexCheckError extends IndexNotReadyError {
  constructor(message: string) {
    super(message, {});
  }
}

/**
 * Up to this many rows, vectors and full-text tokens are held in memory and
 * searched in JavaScript: at 328 rows LanceDB's per-query overhead (3.9 ms of
 * CPU for a vector search, 3 ms for a full-text one) was the largest cost of a
 * request, the scans here 0.2 and 0.1 ms. Above it, LanceDB searches (brute
 * force, then HNSW_SQ past its row threshold; its own full-text index).
 */
export const IN_MEMORY_SEARCH_ROWS = 5000;

/** A filter naming up to this many documents is searched exactly in memory on an ANN-indexed table. */
const MAX_EXACT_DOCUMENTS = 20;

/** How wide the HNSW search is: ef 512 gave recall@5 0.95 at 4.8 / 8.1 ms p50 / p95 on 32,800 clauses (bench:scale). */
const HNSW_EF = 512;

/**
 * A ClauseStore over one LanceDB table. The clauses are read and validated
 * once, when the table is opened, and held in memory; searches ask LanceDB
 * for ids and scores only, so a query costs no row decoding or validation.
 */
export class LanceDbClauseStore implements ClauseStore {
  private constructor(
    readonly manifest: IndexManifest,
    private readonly table: lancedb.Table,
    private readonly byId: Map<string, IndexedClause>,
    /** Every clause in document order. */
    private readonly ordered: IndexedClause[],
    /** The vectors of `ordered`, row-major, and a BM25 index of their tokens, when the table is small enough to search in memory. */
    private readonly inMemory: { vectors: PackedVectors; text: MemoryTextIndex } | null,
    /** The sentence vectors, when the index has them. */
    private readonly sentences: SentenceIndex | null,
  ) {}

  /** Vectors of the documents filtered searches named, read on first use (large tables only). */
  private readonly documentVectors = new Map<string, Promise<{ clauses: IndexedClause[]; vectors: PackedVectors }>>();

  /**
   * Opens the table the manifest names and checks it: the table exists, holds
   * the manifest's row count, every row parses, and one vector and one
   * full-text query run. Throws IndexCheckError (a 503) naming what failed.
   * Tables of up to `inMemorySearchRows` rows are searched in memory (vectors and full text).
   */
  static async open(connection: lancedb.Connection, manifest: IndexManifest, options: { inMemorySearchRows?: number } = {}): Promise<LanceDbClauseStore> {
    const where = `index ${manifest.version} (table ${manifest.table})`;
    let table: lancedb.Table;
    try {
      table = await connection.openTable(manifest.table);
    } catch (error) {
      throw new IndexCheckError(`${where} is missing from the index location (${(error as Error).message.split("\n")[0]}): run \`npm run ingest\``);
    }
    let sentences: SentenceIndex | null = null;
    try {
      const rowCount = await table.countRows();
      if (rowCount !== manifest.clauseCount) throw new Error(`holds ${rowCount} rows, its manifest says ${manifest.clauseCount}`);
      const inMemory = rowCount <= (options.inMemorySearchRows ?? IN_MEMORY_SEARCH_ROWS);
      // Read batch by batch: materialising every row at once cost ~270 MB of transient RSS at 32,800 rows.
      const parsed: { clause: IndexedClause; vector: VectorCell; tokens: string }[] = [];
      const query = table
        .query()
        .select([...CLAUSE_COLUMNS, ...(inMemory ? ["vector", "tokens"] : [])])
        .limit(rowCount + 1);
      for await (const batch of query) {
        for (const row of batch.toArray() as Record<string, unknown>[]) {
          parsed.push({ clause: parseClauseRow(row), vector: row.vector as VectorCell, tokens: String(row.tokens ?? "") });
        }
      }
      parsed.sort((left, right) => byDocumentOrder(left.clause, right.clause));
      const clauses = parsed.map((entry) => entry.clause);
      const byId = new Map(clauses.map((clause) => [clause.id, clause]));
      if (byId.size !== manifest.clauseCount) throw new Error(`read ${clauses.length} rows with ${byId.size} distinct ids, expected ${manifest.clauseCount}`);
      const searched = inMemory
        ? { vectors: PackedVectors.from(parsed.map((entry) => entry.vector), manifest.dimensions), text: new MemoryTextIndex(parsed.map((entry) => entry.tokens)) }
        : null;
      const sentenceRows = options.inMemorySearchRows ?? IN_MEMORY_SEARCH_ROWS;
      sentences = manifest.sentences
        ? await SentenceIndex.open(
            connection,
            manifest.sentences.table,
            { rowCount: manifest.sentences.rowCount, dimensions: manifest.dimensions, annIndexed: manifest.sentences.vectorIndex !== null, inMemoryRows: sentenceRows },
            byId,
          )
        : null;
      const store = new LanceDbClauseStore(manifest, table, byId, clauses, searched, sentences);
      await store.selfCheck();
      return store;
    } catch (error) {
      table.close();
      sentences?.close();
      if (error instanceof IndexCheckError) throw error;
      throw new IndexCheckError(`${where} failed its check: ${(error as Error).message.split("\n")[0]}; run \`npm run ingest\` to rebuild it`);
    }
  }

  /** One vector query and one full-text query, each of which must find a row. */
  private async selfCheck(): Promise<void> {
    const [sample] = await this.table.query().select(["tokens", "vector"]).limit(1).toArray();
    const vector = Array.from((sample?.vector as { toArray(): Float32Array } | undefined)?.toArray() ?? []);
    if (vector.length !== this.manifest.dimensions) throw new Error(`a stored vector has ${vector.length} dimensions, expected ${this.manifest.dimensions}`);
    if ((await this.vectorSearchInTable(vector, 1)).length !== 1) throw new Error("a vector query found nothing");
    const token = String(sample?.tokens ?? "").split(" ").find(Boolean);
    if (token && (await this.textSearchInTable([token], 1)).length !== 1) throw new Error("a full-text query found nothing");
  }

  /** Number of clauses held in memory. */
  get size(): number {
    return this.ordered.length;
  }

  private resolve(ids: unknown[], scores: number[]): RankedClause[] {
    const ranked: RankedClause[] = [];
    ids.forEach((id, index) => {
      const clause = this.byId.get(String(id));
      if (clause) ranked.push({ clause, score: scores[index]! });
    });
    return ranked;
  }

  async vectorSearch(vector: readonly number[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]> {
    if (this.inMemory) return exactSearch(this.ordered, this.inMemory.vectors, vector, limit, filter);
    // An HNSW graph walked under a filter finds few of the documents' clauses: a filter names a few
    // documents, so those are searched exactly, their vectors read once and kept.
    const documents = this.manifest.vectorIndex ? this.documentsOf(filter) : null;
    if (documents && documents.length <= MAX_EXACT_DOCUMENTS) {
      const parts = await Promise.all(documents.map((docId) => this.vectorsOfDocument(docId)));
      return parts
        .flatMap((part) => exactSearch(part.clauses, part.vectors, vector, limit, filter))
        .sort((left, right) => right.score - left.score)
        .slice(0, limit);
    }
    return this.vectorSearchInTable(vector, limit, filter);
  }

  /** The documents a filter by document or region allows, or null when it names neither. */
  private documentsOf(filter: ClauseFilter = {}): string[] | null {
    if (!filter.docIds?.length && !filter.regions?.length) return null;
    return this.manifest.documents
      .filter((document) => (!filter.docIds?.length || filter.docIds.includes(document.id)) && (!filter.regions?.length || filter.regions.includes(document.region)))
      .map((document) => document.id);
  }

  private vectorsOfDocument(docId: string): Promise<{ clauses: IndexedClause[]; vectors: PackedVectors }> {
    let loaded = this.documentVectors.get(docId);
    if (!loaded) {
      loaded = (async () => {
        const rows = await this.table.query().where(`docId = ${sqlString(docId)}`).select(["id", "vector"]).limit(this.ordered.length).toArray();
        const clauses = rows.map((row: Record<string, unknown>) => this.byId.get(String(row.id))!);
        return { clauses, vectors: PackedVectors.from(rows.map((row: Record<string, unknown>) => row.vector as VectorCell), this.manifest.dimensions) };
      })();
      loaded.catch(() => this.documentVectors.delete(docId));
      this.documentVectors.set(docId, loaded);
    }
    return loaded;
  }

  private async vectorSearchInTable(vector: readonly number[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]> {
    let query = this.table.query().nearestTo([...vector]).distanceType("cosine").select(["id", "_distance"]).limit(limit);
    if (this.manifest.vectorIndex === "hnsw_sq") query = query.ef(HNSW_EF);
    const predicate = filterPredicate(filter);
    if (predicate) query = query.where(predicate);
    const result = await query.toArrow();
    const ids = result.getChild("id")?.toArray() ?? [];
    const distances = Array.from(result.getChild("_distance")?.toArray() ?? [], (distance: number) => 1 - Number(distance));
    return this.resolve(Array.from(ids), distances);
  }

  async sentenceSearch(vector: readonly number[], limit: number, filter?: ClauseFilter): Promise<RankedSentence[]> {
    return this.sentences ? this.sentences.search(vector, limit, filter) : [];
  }

  async textSearch(tokens: readonly string[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]> {
    if (tokens.length === 0) return [];
    if (!this.inMemory) return this.textSearchInTable(tokens, limit, filter);
    const accept = filterPredicate(filter) ? (row: number) => matchesFilter(this.ordered[row]!, filter) : undefined;
    return this.inMemory.text.search(tokens, limit, accept).map((hit) => ({ clause: this.ordered[hit.row]!, score: hit.score }));
  }

  private async textSearchInTable(tokens: readonly string[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]> {
    let query = this.table.query().fullTextSearch(tokens.join(" "), { columns: ["tokens"] }).select(["id", "_score"]).limit(limit);
    const predicate = filterPredicate(filter);
    if (predicate) query = query.where(predicate);
    const result = await query.toArrow();
    const ids = result.getChild("id")?.toArray() ?? [];
    const scores = Array.from(result.getChild("_score")?.toArray() ?? [], Number);
    return this.resolve(Array.from(ids), scores);
  }

  async getClause(id: string): Promise<IndexedClause | null> {
    return this.byId.get(id) ?? null;
  }

  termRarity(token: string): number | null {
    return this.inMemory?.text.rarity(token) ?? null;
  }

  documentFrequency(token: string): number | null {
    return this.inMemory?.text.documentFrequency(token) ?? null;
  }

  async listClauses(filter?: ClauseFilter): Promise<IndexedClause[]> {
    return this.ordered.filter((clause) => matchesFilter(clause, filter));
  }

  async clausesOfUnits(names: readonly string[], filter?: ClauseFilter): Promise<IndexedClause[]> {
    if (names.length === 0) return [];
    const wanted = new Set(names);
    return this.ordered.filter((clause) => clause.units.some((unit) => wanted.has(unit)) && matchesFilter(clause, filter));
  }

  /** Releases the table; queries after this fail. */
  close(): void {
    this.table.close();
    this.sentences?.close();
  }
}
