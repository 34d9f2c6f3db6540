import * as lancedb from "@lancedb/lancedb";
import type { ClauseStore } from "./clause-store.js";
import { CLAUSE_COLUMNS, parseClauseRow, type ClauseFilter, type IndexedClause, type RankedClause } from "./indexed-clause.js";
import type { IndexManifest } from "./index-manifest.js";

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

function byDocumentOrder(left: IndexedClause, right: IndexedClause): number {
  return left.docId === right.docId ? left.ordinal - right.ordinal : left.docId < right.docId ? -1 : 1;
}

/** A ClauseStore over one LanceDB table, opened once and reused for every query. */
export class LanceDbClauseStore implements ClauseStore {
  private constructor(
    readonly manifest: IndexManifest,
    private readonly table: lancedb.Table,
  ) {}

  /** Opens the table the manifest points to in the LanceDB folder. */
  static async open(lancedbDir: string, manifest: IndexManifest): Promise<LanceDbClauseStore> {
    const connection = await lancedb.connect(lancedbDir);
    const table = await connection.openTable(manifest.table);
    return new LanceDbClauseStore(manifest, table);
  }

  async vectorSearch(vector: readonly number[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]> {
    let query = this.table
      .query()
      .nearestTo([...vector])
      .distanceType("cosine")
      .select([...CLAUSE_COLUMNS, "_distance"])
      .limit(limit);
    const predicate = filterPredicate(filter);
    if (predicate) query = query.where(predicate);
    const rows = await query.toArray();
    return rows.map((row: Record<string, unknown>) => ({ clause: parseClauseRow(row), score: 1 - Number(row._distance) }));
  }

  async textSearch(tokens: readonly string[], limit: number, filter?: ClauseFilter): Promise<RankedClause[]> {
    if (tokens.length === 0) return [];
    let query = this.table
      .query()
      .fullTextSearch(tokens.join(" "), { columns: ["tokens"] })
      .select([...CLAUSE_COLUMNS, "_score"])
      .limit(limit);
    const predicate = filterPredicate(filter);
    if (predicate) query = query.where(predicate);
    const rows = await query.toArray();
    return rows.map((row: Record<string, unknown>) => ({ clause: parseClauseRow(row), score: Number(row._score) }));
  }

  async getClause(id: string): Promise<IndexedClause | null> {
    const rows = await this.table.query().where(`id = ${sqlString(id)}`).select([...CLAUSE_COLUMNS]).limit(1).toArray();
    return rows[0] ? parseClauseRow(rows[0]) : null;
  }

  async listClauses(filter?: ClauseFilter): Promise<IndexedClause[]> {
    let query = this.table.query().select([...CLAUSE_COLUMNS]).limit(100_000);
    const predicate = filterPredicate(filter);
    if (predicate) query = query.where(predicate);
    const rows = await query.toArray();
    return rows.map(parseClauseRow).sort(byDocumentOrder);
  }

  async clausesOfUnits(names: readonly string[], filter?: ClauseFilter): Promise<IndexedClause[]> {
    if (names.length === 0) return [];
    const unitPredicate = `array_has_any(units, [${names.map(sqlString).join(", ")}])`;
    const predicate = [unitPredicate, filterPredicate(filter)].filter(Boolean).join(" AND ");
    const rows = await this.table.query().where(predicate).select([...CLAUSE_COLUMNS]).limit(100_000).toArray();
    return rows.map(parseClauseRow).sort(byDocumentOrder);
  }
}
