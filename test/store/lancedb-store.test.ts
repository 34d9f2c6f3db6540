import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest } from "../../ingest/run-ingest.js";
import { createCachedEmbedder } from "../../src/embedding/create-embedder.js";
import type { Embedder } from "../../src/embedding/embedder.js";
import { IngestLockedError } from "../../src/errors/app-errors.js";
import { IndexHandle } from "../../src/store/index-handle.js";
import { readManifest } from "../../src/store/index-manifest.js";
import { withIngestLock } from "../../src/store/ingest-lock.js";
import { lancedbDir, writeIndex, type ClauseRow } from "../../src/store/write-index.js";
import { testConfig } from "../support/test-index.js";

let dataDir: string;
let embedder: Embedder;
let seedsDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "qiwen-store-"));
  const config = testConfig({ DATA_DIR: dataDir });
  seedsDir = config.seedsDir;
  embedder = await createCachedEmbedder(config);
  await runIngest({ seedsDir, dataDir, embedder });
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("the LanceDB round trip, in a temporary folder", () => {
  it("full-text search for 注销 finds the 注销 clauses", async () => {
    const { store, segmenter } = await new IndexHandle(dataDir).current();
    const results = await store.textSearch(segmenter.tokens("注销"), 5);
    expect(results.length).toBe(5);
    for (const result of results) expect(result.clause.text).toContain("注销");
  });

  it("vector search for 我想把公司关掉 finds a 注销 clause among the first five", async () => {
    const { store } = await new IndexHandle(dataDir).current();
    const results = await store.vectorSearch(await embedder.embedQuery("我想把公司关掉"), 5);
    expect(results.some((result) => result.clause.text.includes("注销"))).toBe(true);
  });

  it("filters by document and looks units up through the label-list index", async () => {
    const { store } = await new IndexHandle(dataDir).current();
    const filtered = await store.textSearch(["注销"], 10, { docIds: ["snd-2021"] });
    expect(filtered.every((result) => result.clause.docId === "snd-2021")).toBe(true);
    const ofUnit = await store.clausesOfUnits(["区人社局"]);
    expect(ofUnit.length).toBeGreaterThan(0);
    for (const clause of ofUnit) expect(clause.units).toContain("区人社局");
    expect((await store.getClause("sip-2021:2.2.7"))?.units).toEqual(["市场监管局", "行政审批局", "园区法院"]);
  });

  it("re-ingesting an unchanged corpus keeps the index and embeds nothing", async () => {
    const before = await readManifest(dataDir);
    let embedded = 0;
    const counting: Embedder = {
      name: embedder.name,
      dimensions: embedder.dimensions,
      embedQuery: (text) => embedder.embedQuery(text),
      embedDocuments: (texts) => {
        embedded += texts.length;
        return embedder.embedDocuments(texts);
      },
    };
    const report = await runIngest({ seedsDir, dataDir, embedder: counting });
    expect(report.unchanged).toBe(true);
    expect(embedded).toBe(0);
    expect((await readManifest(dataDir))?.version).toBe(before?.version);
  });

  it("a failed ingest leaves the previous index serving and no half-built table behind", async () => {
    const before = await readManifest(dataDir);
    const tablesBefore = await readdir(lancedbDir(dataDir));
    const broken: Embedder = { ...embedder, name: embedder.name, dimensions: 512, embedQuery: embedder.embedQuery, embedDocuments: async (texts) => texts.map(() => [1, 2, 3]) };
    await expect(runIngest({ seedsDir, dataDir, embedder: broken, force: true })).rejects.toThrow();
    expect(await readManifest(dataDir)).toEqual(before);
    expect(await readdir(lancedbDir(dataDir))).toEqual(tablesBefore);
    const { store } = await new IndexHandle(dataDir).current();
    expect((await store.textSearch(["注销"], 1)).length).toBe(1);
  });

  it("a table that fails while being written is dropped and the manifest stays", async () => {
    const before = await readManifest(dataDir);
    const tablesBefore = await readdir(lancedbDir(dataDir));
    const badRow = { id: "x", docId: "x", vector: new Array(512).fill(0) } as unknown as ClauseRow;
    await expect(writeIndex(dataDir, [badRow], { ...before!, clauseCount: 1 })).rejects.toThrow();
    expect(await readManifest(dataDir)).toEqual(before);
    expect(await readdir(lancedbDir(dataDir))).toEqual(tablesBefore);
  });

  it("lets only one writer in at a time", async () => {
    const lockDir = await mkdtemp(path.join(tmpdir(), "qiwen-lock-"));
    let release: () => void = () => undefined;
    const holding = withIngestLock(lockDir, () => new Promise<void>((resolve) => (release = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(withIngestLock(lockDir, async () => "second")).rejects.toBeInstanceOf(IngestLockedError);
    release();
    await holding;
    expect(await withIngestLock(lockDir, async () => "after")).toBe("after");
    // A lock file without a pid yet belongs to a writer that is just starting.
    await writeFile(path.join(lockDir, "ingest.lock"), "");
    await expect(withIngestLock(lockDir, async () => "raced")).rejects.toBeInstanceOf(IngestLockedError);
    // A lock left by a process that no longer exists is taken over.
    await writeFile(path.join(lockDir, "ingest.lock"), "999999999");
    expect(await withIngestLock(lockDir, async () => "taken over")).toBe("taken over");
    await rm(lockDir, { recursive: true, force: true });
  });
});
