import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { Bool, Field, FixedSizeList, Float32, Int32, List, Schema, Utf8 } from "apache-arrow";
import type { IndexedClause } from "./indexed-clause.js";
import { readManifest, writeManifest, type IndexManifest } from "./index-manifest.js";

/** A clause ready to store: its searchable forms and its vector. */
export interface ClauseRow extends IndexedClause {
  /** Search-normalised text (Simplified, NFKC) that was embedded, with doc name, path and title. */
  searchText: string;
  /** jieba tokens of searchText, space-joined, for the full-text index. */
  tokens: string;
  vector: number[];
}

/** The LanceDB folder inside the data folder. */
export function lancedbDir(dataDir: string): string {
  return path.join(dataDir, "lancedb");
}

function stringList(name: string): Field {
  return new Field(name, new List(new Field("item", new Utf8(), true)), false);
}

function clauseTableSchema(dimensions: number): Schema {
  return new Schema([
    new Field("id", new Utf8(), false),
    new Field("docId", new Utf8(), false),
    new Field("docTitle", new Utf8(), false),
    new Field("docShortName", new Utf8(), false),
    new Field("region", new Utf8(), false),
    new Field("year", new Int32(), false),
    new Field("ordinal", new Int32(), false),
    new Field("kind", new Utf8(), false),
    new Field("path", new Utf8(), false),
    stringList("headings"),
    new Field("title", new Utf8(), true),
    new Field("text", new Utf8(), false),
    new Field("searchText", new Utf8(), false),
    new Field("tokens", new Utf8(), false),
    stringList("units"),
    stringList("leadUnits"),
    stringList("supportUnits"),
    new Field("deadline", new Utf8(), true),
    new Field("unitText", new Utf8(), true),
    new Field("textSimplified", new Utf8(), true),
    new Field("docListsUnits", new Bool(), false),
    new Field("vector", new FixedSizeList(dimensions, new Field("item", new Float32(), true)), false),
  ]);
}

/**
 * Builds a new table from the rows, indexes it, checks it, and only then
 * switches the manifest to it. Readers keep serving the previous table until
 * the switch; a failure drops the half-built table and leaves the old index.
 * Tables older than the previous one are dropped afterwards.
 */
export async function writeIndex(dataDir: string, rows: ClauseRow[], manifest: Omit<IndexManifest, "table" | "version">): Promise<IndexManifest> {
  const connection = await lancedb.connect(lancedbDir(dataDir));
  const version = `${Date.now()}`;
  const tableName = `clauses_${version}`;
  const previous = await readManifest(dataDir);
  try {
    const table = await connection.createTable(tableName, rows as unknown as Record<string, unknown>[], {
      schema: clauseTableSchema(manifest.dimensions),
      mode: "create",
    });
    await table.createIndex("tokens", {
      config: lancedb.Index.fts({ baseTokenizer: "whitespace", lowercase: true, stem: false, removeStopWords: false, asciiFolding: false, withPosition: false }),
    });
    await table.createIndex("id", { config: lancedb.Index.btree() });
    for (const column of ["docId", "region", "kind"]) await table.createIndex(column, { config: lancedb.Index.bitmap() });
    await table.createIndex("units", { config: lancedb.Index.labelList() });
    const stored = await table.countRows();
    if (stored !== rows.length) throw new Error(`wrote ${rows.length} rows but the table holds ${stored}`);
  } catch (error) {
    await connection.dropTable(tableName).catch(() => undefined);
    throw error;
  }
  const next: IndexManifest = { ...manifest, version, table: tableName };
  await writeManifest(dataDir, next);
  const keep = new Set([tableName, previous?.table]);
  for (const name of await connection.tableNames()) {
    if (!keep.has(name)) await connection.dropTable(name).catch(() => undefined);
  }
  return next;
}
