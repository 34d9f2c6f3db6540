import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { Field, FixedSizeList, Float32, Schema, Utf8 } from "apache-arrow";
import { loadCatalog } from "../../src/corpus/catalog.js";
import type { Embedder } from "../../src/embedding/embedder.js";
import { recursiveCharacterSplit } from "./recursive-character-splitter.js";
import type { RetrievalBaseline } from "./retrieval-baseline.js";

/** Options of {@link createNaiveRagBaseline}; the chunking defaults are the common LangChain tutorial settings. */
export interface NaiveRagOptions {
  seedsDir: string;
  embedder: Embedder;
  chunkSize?: number;
  chunkOverlap?: number;
  /** Told how many chunks are embedded so far, for the progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** How many chunks go to the embedder at once; only affects progress granularity. */
const EMBED_BATCH = 32;

/**
 * The textbook RAG pipeline over the same corpus and embedder: each seed file
 * as it is (page chrome, annexes and all) cut by the recursive character
 * splitter, chunks embedded as passages, the question as a query, cosine
 * nearest neighbours from a LanceDB table in a temporary folder. No clause
 * parsing, no normalisation, no full-text search, no query understanding:
 * what 企问's extra work is measured against.
 */
export async function createNaiveRagBaseline(options: NaiveRagOptions): Promise<RetrievalBaseline> {
  const chunkSize = options.chunkSize ?? 500;
  const chunkOverlap = options.chunkOverlap ?? 50;
  const catalog = await loadCatalog(options.seedsDir);
  const chunks: string[] = [];
  for (const entry of catalog.documents) {
    const raw = await readFile(path.join(options.seedsDir, entry.file), "utf8");
    chunks.push(...recursiveCharacterSplit(raw, { chunkSize, chunkOverlap }));
  }

  const vectors: number[][] = [];
  for (let start = 0; start < chunks.length; start += EMBED_BATCH) {
    vectors.push(...(await options.embedder.embedDocuments(chunks.slice(start, start + EMBED_BATCH))));
    options.onProgress?.(vectors.length, chunks.length);
  }

  const folder = await mkdtemp(path.join(tmpdir(), "qiwen-naive-rag-"));
  try {
    const connection = await lancedb.connect(folder);
    const schema = new Schema([
      new Field("text", new Utf8(), false),
      new Field("vector", new FixedSizeList(options.embedder.dimensions, new Field("item", new Float32(), true)), false),
    ]);
    const table = await connection.createTable(
      "chunks",
      chunks.map((text, index) => ({ text, vector: vectors[index]! })),
      { schema, mode: "create" },
    );
    return {
      name: "naive-rag",
      description: `the raw seed files cut into ${chunks.length} chunks of at most ${chunkSize} characters (${chunkOverlap} overlap, LangChain's recursive splitter), vector search only`,
      async search(question, k) {
        const vector = await options.embedder.embedQuery(question);
        // `_distance` is selected only because LanceDB warns on every query that leaves it out.
        const rows = await table.query().nearestTo(vector).distanceType("cosine").select(["text", "_distance"]).limit(k).toArray();
        return rows.map((row: Record<string, unknown>) => String(row.text));
      },
      async close() {
        table.close();
        connection.close();
        await rm(folder, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}
