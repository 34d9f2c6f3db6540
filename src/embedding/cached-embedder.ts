import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Embedder } from "./embedder.js";

/**
 * The cache file: a uint32 (little-endian) header length, the JSON header,
 * zero padding to a 4-byte boundary, then `keys.length × dimensions` float32s.
 * One file, so a single rename publishes keys and vectors together.
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
}

/**
 * Wraps an embedder with a persistent cache of passage vectors, so re-ingesting
 * an unchanged corpus embeds nothing. Entries are keyed by
 * sha256(embedder name + "\n" + text); each embedder gets its own file in
 * `cacheDir`. Queries pass straight through: they are rarely repeated.
 * The cache only grows; delete the folder to reclaim space.
 */
export class CachedEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  readonly cacheFile: string;
  private readonly onWarning: (message: string) => void;
  private entries: Promise<Map<string, Float32Array>> | undefined;
  /** Saves run one after another so an older snapshot never lands after a newer one. */
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly inner: Embedder,
    cacheDir: string,
    options: CachedEmbedderOptions = {},
  ) {
    this.name = inner.name;
    this.dimensions = inner.dimensions;
    this.cacheFile = path.join(cacheDir, `${fileSlug(inner.name)}.bin`);
    this.onWarning = options.onWarning ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /** Returns cached vectors where present, embeds the rest with the inner embedder, and saves them. */
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
      });
      await this.save(entries);
    }
    // Always answer from the float32 copy, so a cold run and a cached run return identical numbers.
    return keys.map((key) => Array.from(entries.get(key)!));
  }

  /** Not cached: delegates to the inner embedder. */
  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }

  private keyOf(text: string): string {
    return createHash("sha256").update(`${this.name}\n${text}`).digest("hex");
  }

  private loadEntries(): Promise<Map<string, Float32Array>> {
    this.entries ??= this.readCacheFile();
    return this.entries;
  }

  private async readCacheFile(): Promise<Map<string, Float32Array>> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.cacheFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
        this.onWarning(`embedding cache ${this.cacheFile} is unreadable (${String(error)}); starting a new one`);
      }
      return new Map();
    }
    try {
      return decodeCache(bytes, this.name, this.dimensions);
    } catch (error) {
      this.onWarning(
        `embedding cache ${this.cacheFile} is invalid (${error instanceof Error ? error.message : String(error)}); rebuilding it`,
      );
      return new Map();
    }
  }

  private save(entries: Map<string, Float32Array>): Promise<void> {
    const snapshot = encodeCache(entries, this.name, this.dimensions);
    this.saving = this.saving.then(() => this.writeAtomically(snapshot));
    return this.saving;
  }

  /** Temp file + rename: readers see the old cache or the new one, never half of one. A failed save only warns. */
  private async writeAtomically(bytes: Buffer): Promise<void> {
    const temporaryFile = `${this.cacheFile}.${randomUUID()}.tmp`;
    try {
      await mkdir(path.dirname(this.cacheFile), { recursive: true });
      await writeFile(temporaryFile, bytes);
      await rename(temporaryFile, this.cacheFile);
    } catch (error) {
      await rm(temporaryFile, { force: true }).catch(() => undefined);
      this.onWarning(`could not save the embedding cache ${this.cacheFile}: ${String(error)}`);
    }
  }
}

function encodeCache(entries: Map<string, Float32Array>, embedder: string, dimensions: number): Buffer {
  const vectors = new Float32Array(entries.size * dimensions);
  let row = 0;
  for (const vector of entries.values()) vectors.set(vector, row++ * dimensions);
  const vectorBytes = Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  const header: CacheHeader = {
    format: cacheFormat,
    version: cacheFormatVersion,
    embedder,
    dimensions,
    keys: [...entries.keys()],
    vectorsSha256: createHash("sha256").update(vectorBytes).digest("hex"),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), "utf8");
  const lengthPrefix = Buffer.alloc(4);
  lengthPrefix.writeUInt32LE(headerBytes.length);
  const padding = Buffer.alloc(paddingAfter(4 + headerBytes.length));
  return Buffer.concat([lengthPrefix, headerBytes, padding, vectorBytes]);
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
  // Copy into a fresh buffer: a Float32Array view needs 4-byte alignment, which a Node Buffer does not promise.
  const vectors = new Float32Array(vectorBytes.length / Float32Array.BYTES_PER_ELEMENT);
  Buffer.from(vectors.buffer).set(vectorBytes);
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
