import { createHash } from "node:crypto";
import { z } from "zod";
import { LocalBlobStore, type BlobStore } from "../store/blob-store.js";
import type { Embedder } from "./embedder.js";

/**
 * The cache file: a uint32 (little-endian) header length, the JSON header,
 * zero padding to a 4-byte boundary, then `keys.length × dimensions` float32s.
 * One object, so a single write publishes keys and vectors together.
 */
const cacheFormat = "qiwen-embedding-cache";
const cacheFormatVersion = 1;

const cacheHeaderSchema = z.object({
  format: z.literal(cacheFormat),
  version: z.literal(cacheFormatVersion),
  embedder: z.string(),
  dimensions: z.number().int().positive(),
  keys: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
  vectorsSha256: z.string().regex(/^[0-9a-f]{64}$/),
});
type CacheHeader = z.infer<typeof cacheHeaderSchema>;

/** Options for {@link CachedEmbedder}. */
export interface CachedEmbedderOptions {
  /** Told when the cache is unreadable (then rebuilt) or cannot be saved. Defaults to stderr. */
  onWarning?: (message: string) => void;
  /** Query vectors kept in memory, least recently used dropped first (hotline questions repeat); 0 turns it off. */
  queryCacheSize?: number;
}

const DEFAULT_QUERY_CACHE_SIZE = 2000;

/**
 * Wraps an embedder with a persistent cache of passage vectors, so re-ingesting
 * an unchanged corpus embeds nothing, and an in-memory LRU of query vectors.
 * Passage entries are keyed by sha256(embedder name + "\n" + text); each
 * embedder gets its own object in the cache store (beside the index, so every
 * writer host shares it). New entries are kept in memory until `flush()`,
 * which an ingest calls once at its end. The cache only grows; delete the
 * objects to reclaim space.
 */
export class CachedEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  /** The cache object's name in its store. */
  readonly cacheFile: string;
  private readonly store: BlobStore;
  private readonly onWarning: (message: string) => void;
  private entries: Promise<Map<string, Float32Array>> | undefined;
  private loadedEtag: string | null = null;
  /** Keys embedded since the last flush. */
  private readonly added = new Set<string>();
  private readonly queries = new Map<string, number[]>();
  private readonly queryCacheSize: number;

  constructor(
    private readonly inner: Embedder,
    cache: BlobStore | string,
    options: CachedEmbedderOptions = {},
  ) {
    this.name = inner.name;
    this.dimensions = inner.dimensions;
    this.store = typeof cache === "string" ? new LocalBlobStore(cache) : cache;
    this.cacheFile = `${fileSlug(inner.name)}.bin`;
    this.onWarning = options.onWarning ?? ((message) => process.stderr.write(`${message}\n`));
    this.queryCacheSize = options.queryCacheSize ?? DEFAULT_QUERY_CACHE_SIZE;
  }

  /** Returns cached vectors where present and embeds the rest with the inner embedder (kept until `flush`). */
  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    const entries = await this.loadEntries();
    const keys = texts.map((text) => this.keyOf(text));

    const missingTexts = new Map<string, string>();
    keys.forEach((key, index) => {
      if (!entries.has(key)) missingTexts.set(key, texts[index]!);
    });
    if (missingTexts.size > 0) {
      const vectors = await this.inner.embedDocuments([...missingTexts.values()]);
      const missingKeys = [...missingTexts.keys()];
      if (vectors.length !== missingKeys.length) {
        throw new Error(`${this.inner.name} returned ${vectors.length} vectors for ${missingKeys.length} texts`);
      }
      missingKeys.forEach((key, index) => {
        const vector = vectors[index]!;
        if (vector.length !== this.dimensions) {
          throw new Error(`${this.inner.name} returned a ${vector.length}-dimensional vector, expected ${this.dimensions}`);
        }
        entries.set(key, Float32Array.from(vector));
        this.added.add(key);
      });
    }
    // Always answer from the float32 copy, so a cold run and a cached run return identical numbers.
    return keys.map((key) => Array.from(entries.get(key)!));
  }

  /** A query vector from the LRU, or embedded by the inner embedder and remembered. */
  async embedQuery(text: string): Promise<number[]> {
    const cached = this.queries.get(text);
    if (cached) {
      this.queries.delete(text);
      this.queries.set(text, cached);
      return cached;
    }
    const vector = await this.inner.embedQuery(text);
    if (this.queryCacheSize > 0) {
      this.queries.set(text, vector);
      if (this.queries.size > this.queryCacheSize) this.queries.delete(this.queries.keys().next().value!);
    }
    return vector;
  }

  /**
   * Saves the passage vectors embedded since the last flush, merged with
   * whatever another writer saved meanwhile. One write per ingest; a failed
   * save only warns (the next ingest embeds those passages again).
   */
  async flush(): Promise<void> {
    if (this.added.size === 0 || !this.entries) return;
    const entries = await this.entries;
    try {
      const stored = await this.store.read(this.cacheFile, this.loadedEtag ?? undefined);
      if (stored && stored !== "unchanged") {
        for (const [key, vector] of decodeCache(stored.bytes, this.name, this.dimensions)) if (!entries.has(key)) entries.set(key, vector);
      }
    } catch {
      // An unreadable stored cache is simply replaced.
    }
    try {
      await this.store.write(this.cacheFile, encodeCache(entries, this.name, this.dimensions));
      this.added.clear();
    } catch (error) {
      this.onWarning(`could not save the embedding cache ${this.cacheFile}: ${String(error)}`);
    }
  }

  private keyOf(text: string): string {
    return createHash("sha256").update(`${this.name}\n${text}`).digest("hex");
  }

  private loadEntries(): Promise<Map<string, Float32Array>> {
    this.entries ??= this.readCache();
    return this.entries;
  }

  private async readCache(): Promise<Map<string, Float32Array>> {
    let stored;
    try {
      stored = await this.store.read(this.cacheFile);
    } catch (error) {
      this.onWarning(`embedding cache ${this.cacheFile} is unreadable (${String(error)}); starting a new one`);
      return new Map();
    }
    if (!stored || stored === "unchanged") return new Map();
    this.loadedEtag = stored.etag;
    try {
      return decodeCache(stored.bytes, this.name, this.dimensions);
    } catch (error) {
      this.onWarning(`embedding cache ${this.cacheFile} is invalid (${error instanceof Error ? error.message : String(error)}); rebuilding it`);
      return new Map();
    }
  }
}

/**
 * The cache file's bytes, in one buffer: the vectors are copied into place
 * and hashed there. The header's length does not depend on the checksum's
 * value (always 64 hex digits), so the vectors' offset is known before the
 * checksum is. A second full copy of every vector (140 MB at 68,000 entries)
 * was the peak of a large cold ingest.
 */
function encodeCache(entries: Map<string, Float32Array>, embedder: string, dimensions: number): Buffer {
  const keys = [...entries.keys()];
  const headerWith = (vectorsSha256: string): Buffer => {
    const header: CacheHeader = { format: cacheFormat, version: cacheFormatVersion, embedder, dimensions, keys, vectorsSha256 };
    return Buffer.from(JSON.stringify(header), "utf8");
  };
  const headerLength = headerWith("0".repeat(64)).length;
  const vectorsStart = 4 + headerLength + paddingAfter(4 + headerLength);
  const file = Buffer.alloc(vectorsStart + entries.size * dimensions * Float32Array.BYTES_PER_ELEMENT);
  // vectorsStart is a multiple of 4 and a fresh buffer starts aligned, so the vectors can be written as floats in place.
  const floats = new Float32Array(file.buffer, file.byteOffset + vectorsStart, entries.size * dimensions);
  let row = 0;
  for (const vector of entries.values()) floats.set(vector, row++ * dimensions);
  const headerBytes = headerWith(createHash("sha256").update(file.subarray(vectorsStart)).digest("hex"));
  file.writeUInt32LE(headerBytes.length, 0);
  headerBytes.copy(file, 4);
  return file;
}

/** Parses a cache file; throws (with a reason) on anything that does not add up. */
function decodeCache(bytes: Buffer, embedder: string, dimensions: number): Map<string, Float32Array> {
  if (bytes.length < 4) throw new Error("file too short");
  const headerLength = bytes.readUInt32LE(0);
  if (4 + headerLength > bytes.length) throw new Error("header runs past the end of the file");
  const header = cacheHeaderSchema.parse(JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")));
  if (header.embedder !== embedder || header.dimensions !== dimensions) {
    throw new Error(`written for ${header.embedder} (${header.dimensions} dims), not ${embedder} (${dimensions} dims)`);
  }
  const vectorsStart = 4 + headerLength + paddingAfter(4 + headerLength);
  const expectedBytes = header.keys.length * dimensions * Float32Array.BYTES_PER_ELEMENT;
  if (bytes.length - vectorsStart !== expectedBytes) {
    throw new Error(`expected ${expectedBytes} bytes of vectors, found ${bytes.length - vectorsStart}`);
  }
  const vectorBytes = bytes.subarray(vectorsStart);
  if (createHash("sha256").update(vectorBytes).digest("hex") !== header.vectorsSha256) {
    throw new Error("vector checksum mismatch");
  }
  // A view where the bytes are 4-byte aligned (a file read into its own buffer is); a copy where not.
  // The view saves a second copy of every cached vector (113 MB at 55,000 entries) during a large ingest.
  const floatCount = vectorBytes.length / Float32Array.BYTES_PER_ELEMENT;
  const vectors =
    vectorBytes.byteOffset % Float32Array.BYTES_PER_ELEMENT === 0 ? new Float32Array(vectorBytes.buffer, vectorBytes.byteOffset, floatCount) : new Float32Array(floatCount);
  if (vectors.buffer !== vectorBytes.buffer) Buffer.from(vectors.buffer).set(vectorBytes);
  const entries = new Map<string, Float32Array>();
  header.keys.forEach((key, row) => entries.set(key, vectors.subarray(row * dimensions, (row + 1) * dimensions)));
  return entries;
}

function paddingAfter(byteCount: number): number {
  return (4 - (byteCount % 4)) % 4;
}

/** A readable, collision-free file name for an embedder name like `local:BAAI/bge-small-zh-v1.5`. */
function fileSlug(embedderName: string): string {
  const readable = embedderName.replace(/[^A-Za-z0-9._-]+/g, "_");
  return `${readable}-${createHash("sha256").update(embedderName).digest("hex").slice(0, 8)}`;
}
