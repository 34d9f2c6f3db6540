import { cp, mkdtemp, readdir, rm, stat, truncate, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest } from "../../ingest/run-ingest.js";
import { createCachedEmbedder } from "../../src/embedding/create-embedder.js";
import type { Embedder } from "../../src/embedding/embedder.js";
import { IndexNotReadyError, IngestLockedError } from "../../src/errors/app-errors.js";
import { LocalBlobStore } from "../../src/store/blob-store.js";
import { IndexHandle } from "../../src/store/index-handle.js";
import type { IndexManifest } from "../../src/store/index-manifest.js";
import { MANIFEST_NAME } from "../../src/store/index-registry.js";
import { localIndexStorage } from "../../src/store/index-storage.js";
import { LanceDbClauseStore } from "../../src/store/lancedb-clause-store.js";
import type { ClauseFilter } from "../../src/store/indexed-clause.js";
import { LEASE_NAME, withIngestLease, type LeaseRecord } from "../../src/store/ingest-lease.js";
import { writeIndex, type ClauseRow } from "../../src/store/write-index.js";
import { prepareTestIndex, testConfig } from "../support/test-index.js";

let dataDir: string;
let embedder: Embedder;
let seedsDir: string;
const temporaryDirs: string[] = [];

async function temporaryDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

const indexDir = (folder: string) => path.join(folder, "lancedb");
const manifestOf = (folder: string) => localIndexStorage(folder).registry.current();
const tablesIn = async (folder: string) => (await readdir(indexDir(folder))).filter((name) => name.endsWith(".lance")).sort();
/** The LanceDB tables of one index version: its clauses and their sentences. */
const versionTables = (...clauseTables: string[]) => clauseTables.flatMap((table) => [`${table}.lance`, `${table.replace(/^clauses_/, "sentences_")}.lance`]).sort();
const quietHandle = (folder: string) => new IndexHandle(localIndexStorage(folder), { log: () => undefined });

/** A copy of the built index (tables and manifest; the cache stays shared) to damage. */
async function copyOfIndex(): Promise<string> {
  const copy = await temporaryDir("qiwen-store-copy-");
  await cp(dataDir, copy, { recursive: true, filter: (source) => path.basename(source) !== "embedding-cache" });
  return copy;
}

/** The largest data file of the served table: the one a truncation hurts. */
async function largestDataFile(folder: string): Promise<string> {
  const manifest = (await manifestOf(folder))!;
  const dataFolder = path.join(indexDir(folder), `${manifest.table}.lance`, "data");
  const files = await Promise.all((await readdir(dataFolder)).map(async (name) => ({ file: path.join(dataFolder, name), size: (await stat(path.join(dataFolder, name))).size })));
  return files.sort((a, b) => b.size - a.size)[0]!.file;
}

beforeAll(async () => {
  // The shared test index's cache: every seed clause is embedded already.
  const { config } = await prepareTestIndex();
  embedder = await createCachedEmbedder(config);
  seedsDir = config.seedsDir;
  dataDir = await temporaryDir("qiwen-store-");
  await runIngest({ seedsDir, dataDir, embedder });
});

afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("the LanceDB round trip, in a temporary folder", () => {
  it("full-text search for 注销 finds the 注销 clauses", async () => {
    const { store, segmenter } = await quietHandle(dataDir).current();
    const results = await store.textSearch(segmenter.tokens("注销"), 5);
    expect(results.length).toBe(5);
    for (const result of results) expect(result.clause.text).toContain("注销");
  });

  it("vector search for 我想把公司关掉 finds a 注销 clause among the first five", async () => {
    const { store } = await quietHandle(dataDir).current();
    const results = await store.vectorSearch(await embedder.embedQuery("我想把公司关掉"), 5);
    expect(results.some((result) => result.clause.text.includes("注销"))).toBe(true);
  });

  it("vector search in memory ranks exactly as LanceDB's own search, with and without a filter", async () => {
    const storage = localIndexStorage(dataDir);
    const manifest = (await storage.registry.current())!;
    const inMemory = await LanceDbClauseStore.open(await storage.connect(), manifest);
    const inTable = await LanceDbClauseStore.open(await storage.connect(), manifest, { inMemorySearchRows: 0 });
    for (const [question, filter] of [["我想把公司关掉", undefined], ["工程建设项目审批", { docIds: ["sip-2023", "snd-2021"] }], ["政务服务", { regions: ["苏州市相城区"] }]] as const) {
      const vector = await embedder.embedQuery(question);
      const mine = await inMemory.vectorSearch(vector, 20, filter);
      const lance = await inTable.vectorSearch(vector, 20, filter);
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.map((ranked) => ranked.clause.id)).toEqual(lance.map((ranked) => ranked.clause.id));
      mine.forEach((ranked, index) => expect(ranked.score).toBeCloseTo(lance[index]!.score, 5));
    }
    inMemory.close();
    inTable.close();
  });

  it("full-text search in memory scores and ranks as LanceDB's own index, with and without a filter", async () => {
    const storage = localIndexStorage(dataDir);
    const manifest = (await storage.registry.current())!;
    const { segmenter } = await quietHandle(dataDir).current();
    const inMemory = await LanceDbClauseStore.open(await storage.connect(), manifest);
    const inTable = await LanceDbClauseStore.open(await storage.connect(), manifest, { inMemorySearchRows: 0 });
    const searches: [string, ClauseFilter | undefined][] = [
      // A repeated token counts twice, and the 16-character unit name (48 bytes) is too long for LanceDB's tokenizer.
      ["园区 注销 企业 注销", undefined],
      ["苏州市长三角数字金融产业研究中心 数字人民币", undefined],
      ["工程建设项目 审批 施工许可", { docIds: ["sip-2023", "snd-2021"] }],
      ["政务服务 一网通办", { regions: ["苏州市相城区"] }],
    ];
    for (const [query, filter] of searches) {
      const tokens = segmenter.tokens(query);
      const mine = await inMemory.textSearch(tokens, 40, filter);
      const lance = await inTable.textSearch(tokens, 40, filter);
      expect(mine.length).toBeGreaterThan(5);
      expect(mine.length).toBe(lance.length);
      mine.forEach((ranked, index) => expect(ranked.score).toBeCloseTo(lance[index]!.score, 4));
      // Equal scores may come in either order; every other position holds the same clause.
      const tied = (list: typeof mine, index: number) => [list[index - 1], list[index + 1]].some((other) => other && Math.abs(other.score - list[index]!.score) < 1e-4);
      mine.forEach((ranked, index) => {
        if (!tied(mine, index)) expect(ranked.clause.id).toBe(lance[index]!.clause.id);
      });
      const allowed = (ranked: (typeof mine)[number]) =>
        (!filter?.docIds || filter.docIds.includes(ranked.clause.docId)) && (!filter?.regions || filter.regions.includes(ranked.clause.region));
      expect(mine.every(allowed)).toBe(true);
    }
    inMemory.close();
    inTable.close();
  });

  it("sentence search finds a clause by one sentence of it, once per clause, the same in memory and in LanceDB", async () => {
    const storage = localIndexStorage(dataDir);
    const manifest = (await storage.registry.current())!;
    // Every clause's sentences are in the sentence table, beside the clause table of the same version.
    expect(manifest.sentences?.table).toBe(manifest.table.replace("clauses_", "sentences_"));
    expect(manifest.sentences!.rowCount).toBeGreaterThan(manifest.clauseCount);
    const inMemory = await LanceDbClauseStore.open(await storage.connect(), manifest);
    const inTable = await LanceDbClauseStore.open(await storage.connect(), manifest, { inMemorySearchRows: 0 });
    // 桩基先行 is one sentence of a long construction-permit clause.
    for (const filter of [undefined, { docIds: ["sip-2023"] }]) {
      const vector = await embedder.embedQuery("图纸没批完能先打桩吗");
      const mine = await inMemory.sentenceSearch(vector, 10, filter);
      const lance = await inTable.sentenceSearch(vector, 10, filter);
      expect(mine.some((ranked) => ranked.sentence.includes("桩基"))).toBe(true);
      expect(new Set(mine.map((ranked) => ranked.clause.id)).size).toBe(mine.length);
      if (filter) expect(mine.every((ranked) => ranked.clause.docId === "sip-2023")).toBe(true);
      expect(mine.map((ranked) => ranked.clause.id)).toEqual(lance.map((ranked) => ranked.clause.id));
      mine.forEach((ranked, index) => expect(ranked.score).toBeCloseTo(lance[index]!.score, 5));
    }
    inMemory.close();
    inTable.close();
  });

  it("filters by document and looks units up", async () => {
    const { store } = await quietHandle(dataDir).current();
    const filtered = await store.textSearch(["注销"], 10, { docIds: ["snd-2021"] });
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((result) => result.clause.docId === "snd-2021")).toBe(true);
    const ofUnit = await store.clausesOfUnits(["区人社局"]);
    expect(ofUnit.length).toBeGreaterThan(0);
    for (const clause of ofUnit) expect(clause.units).toContain("区人社局");
    expect((await store.getClause("sip-2021:2.2.7"))?.units).toEqual(["市场监管局", "行政审批局", "园区法院"]);
    const listed = await store.listClauses({ docIds: ["sip-2021"] });
    expect(listed.map((clause) => clause.ordinal)).toEqual([...listed.map((clause) => clause.ordinal)].sort((a, b) => a - b));
  });

  it("re-ingesting an unchanged corpus keeps the index and embeds nothing", async () => {
    const before = await manifestOf(dataDir);
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
    expect((await manifestOf(dataDir))?.version).toBe(before?.version);
  });

  it("a failed ingest leaves the previous index serving and no half-built table behind", async () => {
    const before = await manifestOf(dataDir);
    const tablesBefore = await tablesIn(dataDir);
    const broken: Embedder = { name: embedder.name, dimensions: 512, embedQuery: embedder.embedQuery, embedDocuments: async (texts) => texts.map(() => [1, 2, 3]) };
    await expect(runIngest({ seedsDir, dataDir, embedder: broken, force: true })).rejects.toThrow();
    expect(await manifestOf(dataDir)).toEqual(before);
    expect(await tablesIn(dataDir)).toEqual(tablesBefore);
    const { store } = await quietHandle(dataDir).current();
    expect((await store.textSearch(["注销"], 1)).length).toBe(1);
  });

  it("a table that fails while being written is dropped and the manifest stays", async () => {
    const before = await manifestOf(dataDir);
    const tablesBefore = await tablesIn(dataDir);
    const badRow = { id: "x", docId: "x", vector: new Array(512).fill(0) } as unknown as ClauseRow;
    await expect(writeIndex(localIndexStorage(dataDir), [badRow], { ...before!, clauseCount: 1 })).rejects.toThrow();
    expect(await manifestOf(dataDir)).toEqual(before);
    expect(await tablesIn(dataDir)).toEqual(tablesBefore);
  });

  it("rows written as they are produced: a source that fails after thousands were written leaves no table and the old index", async () => {
    const before = (await manifestOf(dataDir))!;
    const tablesBefore = await tablesIn(dataDir);
    const { store } = await quietHandle(dataDir).current();
    const clauses = await store.listClauses();
    async function* rowsThenFailure(): AsyncGenerator<ClauseRow> {
      for (let copy = 0; copy < 6000; copy++) {
        const clause = clauses[copy % clauses.length]!;
        yield { ...clause, id: `${clause.id}~${copy}`, searchText: clause.text, tokens: "注销 企业", vector: new Float32Array(512).fill(0.01) };
      }
      throw new Error("the embedding model stopped");
    }
    await expect(writeIndex(localIndexStorage(dataDir), rowsThenFailure(), { ...before, clauseCount: 6000 })).rejects.toThrow("the embedding model stopped");
    expect(await manifestOf(dataDir)).toEqual(before);
    expect(await tablesIn(dataDir)).toEqual(tablesBefore);
  });
});

describe("versions: retired after a grace period, orphans of a crashed writer removed", () => {
  it("keeps the replaced table through the grace period and drops it after", async () => {
    const folder = await copyOfIndex();
    const storage = localIndexStorage(folder);
    const first = (await manifestOf(folder))!;
    await runIngest({ seedsDir, dataDir: folder, embedder, force: true });
    const second = (await manifestOf(folder))!;
    expect(second.retired.map((entry) => entry.table)).toEqual([first.table]);
    expect(await tablesIn(folder)).toEqual(versionTables(first.table, second.table));

    // Pretend the first table was replaced long ago: the next publish drops it.
    await storage.registry.publish({ ...second, retired: [{ table: first.table, retiredAt: new Date(Date.now() - 3_600_000).toISOString() }] });
    await runIngest({ seedsDir, dataDir: folder, embedder, force: true });
    const third = (await manifestOf(folder))!;
    expect(third.retired.map((entry) => entry.table)).toEqual([second.table]);
    expect(await tablesIn(folder)).toEqual(versionTables(second.table, third.table));
  });

  it("the next ingest drops a partial table left by a writer that died, and takes over its lease", async () => {
    const folder = await copyOfIndex();
    const served = (await manifestOf(folder))!;
    // A crashed writer on another host: its lease expired a minute ago, its half-built table is still there.
    await cp(path.join(indexDir(folder), `${served.table}.lance`), path.join(indexDir(folder), "clauses_1.lance"), { recursive: true });
    const stale: LeaseRecord = {
      token: "dead",
      host: "another-host",
      pid: 4242,
      startedAt: new Date(Date.now() - 120_000).toISOString(),
      renewedAt: new Date(Date.now() - 90_000).toISOString(),
      expiresAt: new Date(Date.now() - 60_000).toISOString(),
      renewals: 3,
      building: "clauses_1",
    };
    await writeFile(path.join(indexDir(folder), LEASE_NAME), JSON.stringify(stale));
    const report = await runIngest({ seedsDir, dataDir: folder, embedder });
    expect(report.unchanged).toBe(true);
    expect(await tablesIn(folder)).toEqual(versionTables(served.table));
    await expect(stat(path.join(indexDir(folder), LEASE_NAME))).rejects.toThrow();
  });
});

describe("the writer lease", () => {
  const lease = (overrides: Partial<LeaseRecord>): LeaseRecord => ({
    token: "other",
    host: "another-host",
    pid: 1,
    startedAt: new Date().toISOString(),
    renewedAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 30_000).toISOString(),
    renewals: 0,
    building: null,
    ...overrides,
  });

  it("lets only one writer in at a time, and releases on return", async () => {
    const blobs = new LocalBlobStore(await temporaryDir("qiwen-lease-"));
    let release: () => void = () => undefined;
    let held: () => void = () => undefined;
    const acquired = new Promise<void>((resolve) => (held = resolve));
    const holding = withIngestLease(blobs, "test", () => {
      held();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await acquired;
    const refused = await withIngestLease(blobs, "test", async () => "second").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IngestLockedError);
    expect((refused as Error).message).toContain(`pid ${process.pid} on ${hostname()}`);
    release();
    await holding;
    expect(await withIngestLease(blobs, "test", async () => "after")).toBe("after");
  });

  it("refuses a live lease of another host, and takes over one that expired", async () => {
    const blobs = new LocalBlobStore(await temporaryDir("qiwen-lease-"));
    await blobs.write(LEASE_NAME, Buffer.from(JSON.stringify(lease({}))));
    await expect(withIngestLease(blobs, "test", async () => "no")).rejects.toBeInstanceOf(IngestLockedError);
    await blobs.write(LEASE_NAME, Buffer.from(JSON.stringify(lease({ expiresAt: new Date(Date.now() - 1).toISOString() }))));
    expect(await withIngestLease(blobs, "test", async (held) => held.tookOver?.token)).toBe("other");
  });

  it("takes over at once a lease of this host whose process is gone, though not expired", async () => {
    const blobs = new LocalBlobStore(await temporaryDir("qiwen-lease-"));
    await blobs.write(LEASE_NAME, Buffer.from(JSON.stringify(lease({ host: hostname(), pid: 999_999_999 }))));
    expect(await withIngestLease(blobs, "test", async () => "taken over")).toBe("taken over");
  });

  /**
   * Writes another writer's lease the way a real one takes over: it reads its
   * write back after a settle, and writes again when a renewal that read the
   * old lease just before overwrote it (the store has no compare-and-swap, so
   * one of the two must see that it lost; under CI load a renewal can land
   * between the write and the holder's check).
   */
  async function takeOver(blobs: LocalBlobStore, token: string): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      await blobs.write(LEASE_NAME, Buffer.from(JSON.stringify(lease({ token }))));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = (await blobs.read(LEASE_NAME)) as { bytes: Buffer };
      if (String(now.bytes).includes(token)) return;
    }
    throw new Error("the holder's renewals kept overwriting the takeover");
  }

  it("renews while the work runs, and a writer whose lease was taken cannot publish", async () => {
    const blobs = new LocalBlobStore(await temporaryDir("qiwen-lease-"));
    const outcome = withIngestLease(
      blobs,
      "test",
      async (held) => {
        await new Promise((resolve) => setTimeout(resolve, 700));
        const renewed = JSON.parse(String(((await blobs.read(LEASE_NAME)) as { bytes: Buffer }).bytes)) as LeaseRecord;
        expect(renewed.renewals).toBeGreaterThan(0);
        await takeOver(blobs, "thief");
        await held.assertHeld();
      },
      { ttlMs: 900 },
    );
    await expect(outcome).rejects.toBeInstanceOf(IngestLockedError);
    // The thief's lease is left alone.
    expect(String(((await blobs.read(LEASE_NAME)) as { bytes: Buffer }).bytes)).toContain("thief");
  });
});

describe("index integrity on opening", () => {
  it("a manifest naming a missing table is a 503 naming it, not a crash", async () => {
    const folder = await copyOfIndex();
    const manifest = (await manifestOf(folder))!;
    await rm(path.join(indexDir(folder), `${manifest.table}.lance`), { recursive: true });
    const error = await quietHandle(folder).current().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(IndexNotReadyError);
    expect((error as IndexNotReadyError).status).toBe(503);
    expect((error as Error).message).toContain(manifest.table);
  });

  it("a row count that disagrees with the manifest fails the check", async () => {
    const folder = await copyOfIndex();
    const manifest = (await manifestOf(folder))!;
    await localIndexStorage(folder).registry.publish({ ...manifest, clauseCount: manifest.clauseCount + 1 });
    await expect(quietHandle(folder).current()).rejects.toThrow(/holds \d+ rows, its manifest says \d+/);
  });

  it("a new version that fails its check leaves the last good index serving, and says so", async () => {
    const folder = await copyOfIndex();
    const handle = quietHandle(folder);
    const good = await handle.current();
    const broken: IndexManifest = { ...good.manifest, version: "broken", table: "clauses_missing" };
    await localIndexStorage(folder).registry.publish(broken);
    await handle.refresh();
    expect((await handle.current()).manifest.version).toBe(good.manifest.version);
    const status = handle.status();
    expect(status).toMatchObject({ ready: true, version: good.manifest.version });
    expect(status.problem).toContain("clauses_missing");
    expect(status.problem).toContain(`serving the last good index (version ${good.manifest.version})`);
    handle.close();
  });

  it("npm run ingest notices a truncated data file instead of calling the index unchanged, and rebuilds it", async () => {
    const folder = await copyOfIndex();
    const before = (await manifestOf(folder))!;
    const file = await largestDataFile(folder);
    await truncate(file, Math.floor((await stat(file)).size / 2));
    await expect(quietHandle(folder).current()).rejects.toThrow(/failed its check/);

    const warnings: string[] = [];
    const originalWrite = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (warnings.push(String(chunk)), true)) as typeof process.stderr.write;
    const report = await runIngest({ seedsDir, dataDir: folder, embedder }).finally(() => (process.stderr.write = originalWrite));
    expect(report.unchanged).toBe(false);
    expect(report.repaired).toMatch(/failed its check/);
    expect(warnings.join("")).toContain("the served index is damaged");
    const after = (await manifestOf(folder))!;
    expect(after.version).not.toBe(before.version);
    const { store } = await quietHandle(folder).current();
    expect((await store.textSearch(["注销"], 3)).length).toBe(3);
  });

  it("a manifest that is not JSON is no index (503), not a crash", async () => {
    const folder = await copyOfIndex();
    await writeFile(path.join(indexDir(folder), MANIFEST_NAME), "{ half a manifest");
    await expect(quietHandle(folder).current()).rejects.toThrow(/unreadable/);
  });
});

describe("the index location", () => {
  it("testConfig's default index is DATA_DIR/lancedb", () => {
    expect(testConfig({ DATA_DIR: "/tmp/x" }).index).toMatchObject({ kind: "local", dir: "/tmp/x/lancedb" });
  });

  it("an s3:// INDEX_URI reads the standard AWS variables, and says which one is missing", () => {
    const s3 = { INDEX_URI: "s3://bucket/some/prefix/", AWS_ACCESS_KEY_ID: "key", AWS_SECRET_ACCESS_KEY: "secret", AWS_REGION: "", AWS_ENDPOINT_URL: "", AWS_ALLOW_HTTP: "" };
    expect(testConfig(s3).index).toMatchObject({ kind: "s3", bucket: "bucket", prefix: "some/prefix", s3: { region: "us-east-1", endpoint: "https://s3.us-east-1.amazonaws.com" } });
    expect(() => testConfig({ ...s3, AWS_SECRET_ACCESS_KEY: "" })).toThrow(/INDEX_URI.*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    expect(() => testConfig({ ...s3, AWS_ENDPOINT_URL: "http://127.0.0.1:9000" })).toThrow(/AWS_ALLOW_HTTP=true/);
    expect(testConfig({ ...s3, AWS_ENDPOINT_URL: "http://127.0.0.1:9000", AWS_ALLOW_HTTP: "true" }).index).toMatchObject({ s3: { allowHttp: true } });
    expect(() => testConfig({ INDEX_URI: "gs://bucket/x" })).toThrow(/only s3:/);
  });
});
