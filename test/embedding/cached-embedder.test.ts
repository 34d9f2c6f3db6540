import { mkdtemp, readdir, rm, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CachedEmbedder } from "../../src/embedding/cached-embedder.js";
import type { Embedder } from "../../src/embedding/embedder.js";
import { LocalEmbedder } from "../../src/embedding/local-embedder.js";
import { testModelDir } from "./test-model-dir.js";

/** Wraps an embedder and counts the passages it is asked to embed. */
class CountingEmbedder implements Embedder {
  embeddedPassages = 0;
  constructor(private readonly inner: Embedder) {}
  get name() {
    return this.inner.name;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  embedDocuments(texts: readonly string[]) {
    this.embeddedPassages += texts.length;
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string) {
    return this.inner.embedQuery(text);
  }
}

const passages = [
  "推进企业注销便利化，简化普通注销程序。",
  "加强知识产权保护，完善知识产权纠纷多元化解机制。",
  "推行企业开办全程网上办理，压缩开办时间至1个工作日以内。",
  "深化工程建设项目审批制度改革。",
];

describe("CachedEmbedder", () => {
  let model: LocalEmbedder;
  let cacheDir: string;
  const warnings: string[] = [];
  const open = (inner: Embedder) => new CachedEmbedder(inner, cacheDir, { onWarning: (message) => warnings.push(message) });
  /** One ingest: embed, then save once. */
  const embedAndSave = async (inner: Embedder, texts: string[]) => {
    const cached = open(inner);
    const vectors = await cached.embedDocuments(texts);
    await cached.flush();
    return vectors;
  };

  beforeAll(async () => {
    model = await LocalEmbedder.create(testModelDir);
  });
  beforeEach(async () => {
    cacheDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-embedding-cache-"));
    warnings.length = 0;
  });
  afterEach(async () => {
    await rm(cacheDir, { recursive: true, force: true });
  });

  it("answers a second run from disk with identical vectors", async () => {
    const firstInner = new CountingEmbedder(model);
    const first = await embedAndSave(firstInner, passages);
    expect(firstInner.embeddedPassages).toBe(passages.length);

    // A new instance, as in the next ingest run: only the file carries over.
    const secondInner = new CountingEmbedder(model);
    const second = await open(secondInner).embedDocuments(passages);
    expect(secondInner.embeddedPassages).toBe(0);
    expect(second).toEqual(first);
    expect(warnings).toEqual([]);
  });

  it("re-embeds a cached corpus without loading the model, loads it for the first passage it lacks, and unloads it when idle", async () => {
    const first = await embedAndSave(model, passages.slice(0, 3));
    const waiting = await LocalEmbedder.create(testModelDir, { load: "on-first-use" });
    try {
      const cached = open(waiting);
      expect(await cached.embedDocuments(passages.slice(0, 3))).toEqual(first);
      expect(waiting.loaded).toBe(false);
      const [fresh] = await cached.embedDocuments([passages[3]!]);
      expect(waiting.loaded).toBe(true);
      const [eager] = await model.embedDocuments([passages[3]!]);
      expect(fresh!.reduce((sum, value, index) => sum + value * eager![index]!, 0)).toBeGreaterThan(0.999);
      // Idle, it lets the model go (an ingest builds its indexes after the last passage), and loads it again when asked.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(waiting.loaded).toBe(false);
      expect(await waiting.embedDocuments([passages[3]!])).toEqual([eager]);
      expect(waiting.loaded).toBe(true);
    } finally {
      await waiting.close();
    }
  });

  it("embeds only the passages it has not seen, once each", async () => {
    await embedAndSave(model, passages.slice(0, 2));
    const inner = new CountingEmbedder(model);
    const vectors = await open(inner).embedDocuments([...passages, passages[3]!]);
    expect(inner.embeddedPassages).toBe(2);
    expect(vectors).toHaveLength(5);
    expect(vectors[4]).toEqual(vectors[3]);
  });

  it("keeps the inner embedder's name and dimensions, and never saves query vectors", async () => {
    const inner = new CountingEmbedder(model);
    const cached = open(inner);
    expect(cached.name).toBe(model.name);
    expect(cached.dimensions).toBe(512);
    expect(await cached.embedQuery("我想把公司关掉")).toEqual(await model.embedQuery("我想把公司关掉"));
    await cached.flush();
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it("writes nothing while embedding and the cache once on flush", async () => {
    const cached = open(model);
    await cached.embedDocuments(passages.slice(0, 2));
    await cached.embedDocuments(passages.slice(2));
    expect(await readdir(cacheDir)).toEqual([]);
    await cached.flush();
    expect(await readdir(cacheDir)).toEqual([cached.cacheFile]);
  });

  it("merges what another writer saved meanwhile instead of dropping it", async () => {
    const first = open(model);
    const second = open(model);
    await first.embedDocuments(passages.slice(0, 2));
    await second.embedDocuments(passages.slice(2));
    await first.flush();
    await second.flush();
    const inner = new CountingEmbedder(model);
    await open(inner).embedDocuments(passages);
    expect(inner.embeddedPassages).toBe(0);
  });

  it("answers a repeated query from memory, dropping the least recently used past its size", async () => {
    let queries = 0;
    const counting: Embedder = { ...model, name: model.name, dimensions: 512, embedDocuments: (texts) => model.embedDocuments(texts), embedQuery: (text) => (queries++, model.embedQuery(text)) };
    const cached = new CachedEmbedder(counting, cacheDir, { queryCacheSize: 2 });
    const first = await cached.embedQuery("企业开办");
    expect(await cached.embedQuery("企业开办")).toEqual(first);
    expect(queries).toBe(1);
    await cached.embedQuery("企业注销");
    await cached.embedQuery("企业开办"); // most recent again
    await cached.embedQuery("知识产权"); // evicts 企业注销
    expect(queries).toBe(3);
    await cached.embedQuery("企业开办");
    expect(queries).toBe(3);
    await cached.embedQuery("企业注销");
    expect(queries).toBe(4);
  });

  it.each([
    ["garbage", (file: string) => writeFile(file, "this is not a cache")],
    ["a truncated file", (file: string) => truncate(file, 5000)],
    ["an empty file", (file: string) => writeFile(file, "")],
  ])("tolerates %s and rebuilds the cache", async (_label, corrupt) => {
    const reference = await embedAndSave(model, passages);
    await corrupt(path.join(cacheDir, open(model).cacheFile));

    const inner = new CountingEmbedder(model);
    const vectors = await embedAndSave(inner, passages);
    expect(inner.embeddedPassages).toBe(passages.length);
    vectors.forEach((vector, index) => vector.forEach((value, axis) => expect(value).toBeCloseTo(reference[index]![axis]!, 5)));
    expect(warnings).toHaveLength(1);

    const afterRebuild = new CountingEmbedder(model);
    await open(afterRebuild).embedDocuments(passages);
    expect(afterRebuild.embeddedPassages).toBe(0);
  });
});

describe("CachedEmbedder load time", () => {
  /** Deterministic stand-in vectors: this measures the cache file, not a model. */
  const syntheticEmbedder: Embedder = {
    name: "synthetic:load-time",
    dimensions: 512,
    embedDocuments: async (texts) => texts.map((_, row) => Array.from({ length: 512 }, (__, axis) => Math.sin(row * 512 + axis))),
    embedQuery: async () => new Array(512).fill(0),
  };

  it("loads 1,000 cached 512-dim vectors well under a second", async () => {
    const cacheDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-embedding-cache-"));
    try {
      const texts = Array.from({ length: 1000 }, (_, index) => `第${index}条 优化营商环境的具体措施`);
      const writer = new CachedEmbedder(syntheticEmbedder, cacheDir);
      await writer.embedDocuments(texts);
      await writer.flush();
      const startedAt = performance.now();
      const vectors = await new CachedEmbedder(syntheticEmbedder, cacheDir).embedDocuments(texts);
      const elapsedMs = performance.now() - startedAt;
      expect(vectors).toHaveLength(1000);
      expect(elapsedMs).toBeLessThan(250);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
