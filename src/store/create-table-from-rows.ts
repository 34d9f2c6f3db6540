import type * as lancedb from "@lancedb/lancedb";
import type { Schema } from "apache-arrow";

/**
 * Creates table `name` from rows that may arrive as they are embedded,
 * writing `batchSize` at a time so only one batch (and its Arrow copy) is
 * held. No rows: no table (null), unless `createEmpty` asks for one.
 */
export async function createTableFromRows<Row extends object>(
  connection: lancedb.Connection,
  name: string,
  rows: Iterable<Row> | AsyncIterable<Row>,
  options: { schema: Schema; batchSize: number; createEmpty?: boolean },
): Promise<{ table: lancedb.Table; rowCount: number } | null> {
  let table: lancedb.Table | null = null;
  let batch: Row[] = [];
  let rowCount = 0;
  const writeBatch = async () => {
    const records = batch as unknown as Record<string, unknown>[];
    if (table) await table.add(records);
    else table = await connection.createTable(name, records, { schema: options.schema, mode: "create" });
    rowCount += batch.length;
    batch = [];
  };
  try {
    for await (const row of rows) {
      batch.push(row);
      if (batch.length === options.batchSize) await writeBatch();
    }
    if (batch.length > 0 || (!table && options.createEmpty)) await writeBatch();
  } catch (error) {
    (table as lancedb.Table | null)?.close();
    throw error;
  }
  const written = table as lancedb.Table | null;
  return written ? { table: written, rowCount } : null;
}
