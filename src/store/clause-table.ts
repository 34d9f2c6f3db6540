import { Bool, Field, FixedSizeList, Float32, Int32, List, Schema, Utf8, type DataType } from "apache-arrow";
import { indexedClauseSchema, type IndexedClause } from "./indexed-clause.js";

/** How a column is stored and read back: the one list to extend when a clause gains a field. */
type ColumnKind = "string" | "nullableString" | "int" | "bool" | "stringList";

/** The clause columns, in table order; each is read back into the IndexedClause field of its name. */
const clauseColumns = [
  ["id", "string"],
  ["docId", "string"],
  ["docTitle", "string"],
  ["docShortName", "string"],
  ["region", "string"],
  ["year", "int"],
  ["ordinal", "int"],
  ["kind", "string"],
  ["path", "string"],
  ["headings", "stringList"],
  ["title", "nullableString"],
  ["text", "string"],
  ["units", "stringList"],
  ["leadUnits", "stringList"],
  ["supportUnits", "stringList"],
  ["deadline", "nullableString"],
  ["unitText", "nullableString"],
  ["textSimplified", "nullableString"],
  ["docListsUnits", "bool"],
] as const satisfies readonly (readonly [keyof IndexedClause, ColumnKind])[];

/** The columns read back for a clause; search text, tokens and vectors stay in the table. */
export const CLAUSE_COLUMNS: readonly string[] = clauseColumns.map(([name]) => name);

function arrowType(kind: ColumnKind): { type: DataType; nullable: boolean } {
  switch (kind) {
    case "string":
      return { type: new Utf8(), nullable: false };
    case "nullableString":
      return { type: new Utf8(), nullable: true };
    case "int":
      return { type: new Int32(), nullable: false };
    case "bool":
      return { type: new Bool(), nullable: false };
    case "stringList":
      return { type: new List(new Field("item", new Utf8(), true)), nullable: false };
  }
}

/** The Arrow schema of a clause table: the clause columns, then what is searched (searchText, tokens, vector). */
export function clauseTableSchema(dimensions: number): Schema {
  return new Schema([
    ...clauseColumns.map(([name, kind]) => {
      const { type, nullable } = arrowType(kind);
      return new Field(name, type, nullable);
    }),
    new Field("searchText", new Utf8(), false),
    new Field("tokens", new Utf8(), false),
    new Field("vector", new FixedSizeList(dimensions, new Field("item", new Float32(), true)), false),
  ]);
}

/** LanceDB returns Arrow vectors for list columns: turn them into plain arrays before validating. */
function plainArray(value: unknown): unknown {
  if (value && typeof value === "object" && "toArray" in value && typeof value.toArray === "function") {
    return Array.from(value.toArray() as Iterable<unknown>);
  }
  return value;
}

function readValue(kind: ColumnKind, value: unknown): unknown {
  switch (kind) {
    case "int":
      return Number(value);
    case "nullableString":
      return value ?? null;
    case "bool":
      return Boolean(value);
    case "stringList":
      return plainArray(value);
    case "string":
      return value;
  }
}

/** Validates one row read from LanceDB and returns the clause it holds (throws a ZodError on a bad row). */
export function parseClauseRow(row: Record<string, unknown>): IndexedClause {
  const clause: Record<string, unknown> = {};
  for (const [name, kind] of clauseColumns) clause[name] = readValue(kind, row[name]);
  return indexedClauseSchema.parse(clause);
}
