import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDocument, planAddition } from "../../../ingest/catalog/add-document.js";
import { checkDocument } from "../../../ingest/catalog/check-document.js";
import { removeDocument } from "../../../ingest/catalog/remove-document.js";
import { parseDocument } from "../../../ingest/parse-document.js";
import { readPlainText } from "../../../ingest/read/read-plain-text.js";
import { readDocumentFile } from "../../../ingest/read/read-document-file.js";
import { runIngest } from "../../../ingest/run-ingest.js";
import { chatRequestSchema } from "../../../src/answer/chat-schemas.js";
import { projectRoot } from "../../../src/config/app-config.js";
import { loadCatalog } from "../../../src/corpus/catalog.js";
import { CachedEmbedder } from "../../../src/embedding/cached-embedder.js";
import { createEmbedder } from "../../../src/embedding/create-embedder.js";
import { localIndexStorage } from "../../../src/store/index-storage.js";
import type { Embedder } from "../../../src/embedding/embedder.js";
import { createServices } from "../../../src/services/create-services.js";
import { copyDataDir, prepareTestIndex, testConfig } from "../../support/test-index.js";

const fixtures = path.join(projectRoot, "test", "ingest", "read", "fixtures");
const realSeeds = path.join(projectRoot, "seeds");

const temporaryDirs: string[] = [];
async function temporaryDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}
/** A copy of the real seeds: tests never change the repository's seeds/. */
async function seedsCopy(): Promise<string> {
  const dir = await temporaryDir("qiwen-seeds-");
  await cp(realSeeds, dir, { recursive: true });
  return dir;
}
afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("planAddition and addDocument", () => {
  it("ask for the flag by name when the text does not show it, and write nothing", async () => {
    const seedsDir = await seedsCopy();
    const before = await readFile(path.join(seedsDir, "catalog.json"), "utf8");
    await expect(planAddition(seedsDir, { file: path.join(fixtures, "jiading-traditional.html") })).rejects.toThrow(
      /could not find the plan's year in .*jiading-traditional\.html: give it with --year 2024/,
    );
    await expect(addDocument(seedsDir, { file: path.join(fixtures, "jiading-traditional.html") })).rejects.toThrow(/--year/);
    expect(await readFile(path.join(seedsDir, "catalog.json"), "utf8")).toBe(before);
    expect(await readdir(seedsDir)).toHaveLength(6);
  });

  it("file a Traditional plan under the catalog's own region, with an id from the region's latin name", async () => {
    const seedsDir = await seedsCopy();
    const plan = await addDocument(seedsDir, { file: path.join(fixtures, "jiading-traditional.html"), year: 2023 });
    // 嘉定區 in the text is the catalog's 上海市嘉定区; jiading-2023 is taken.
    expect(plan.entry).toMatchObject({ id: "jiading-2023-2", region: "上海市嘉定区", shortName: "嘉定2023", year: 2023, title: "嘉定區優化營商環境若干措施", file: "jiading-2023-2.html" });
    expect(plan.idDerived).toBe(true);
    const catalog = await loadCatalog(seedsDir);
    expect(catalog.documents.at(-1)).toEqual(plan.entry);
    expect(await readFile(path.join(seedsDir, "jiading-2023-2.html"))).toEqual(await readFile(path.join(fixtures, "jiading-traditional.html")));
  });

  it("let the flags win over what the text says", async () => {
    const plan = await planAddition(await seedsCopy(), { file: path.join(fixtures, "wujiang-2024.html"), id: "wujiang-2024", region: "吴江区", year: 2025 });
    expect(plan.entry).toMatchObject({ id: "wujiang-2024", region: "吴江区", year: 2025, date: "2025", docNumber: "吴政发〔2024〕12号", file: "wujiang-2024.html" });
  });

  it("refuse a plan that does not parse, naming the file, and write nothing", async () => {
    const seedsDir = await seedsCopy();
    const notAPlan = path.join(await temporaryDir("qiwen-notes-"), "notes.md");
    await writeFile(notAPlan, "# 会议纪要2024工作方案\n\n今天讨论了三件事。\n");
    await expect(addDocument(seedsDir, { file: notAPlan, region: "吴江区" })).rejects.toThrow(/notes\.md/);
    expect((await loadCatalog(seedsDir)).documents).toHaveLength(5);
  });

  it("move a file that already sits unlisted in seeds/ instead of leaving a copy behind", async () => {
    const seedsDir = await seedsCopy();
    const dropped = path.join(seedsDir, "下载的方案.html");
    await cp(path.join(fixtures, "wujiang-2024.html"), dropped);
    const plan = await addDocument(seedsDir, { file: dropped, id: "wujiang-2024" });
    expect((await readdir(seedsDir)).sort()).toEqual([...(await readdir(realSeeds)), plan.entry.file].sort());
  });
});

describe("removeDocument", () => {
  it("takes out the entry and the file; an unknown id names the ids there are", async () => {
    const seedsDir = await seedsCopy();
    const removed = await removeDocument(seedsDir, "snd-2021");
    expect(removed.file).toBe("snd-2021.txt");
    expect((await loadCatalog(seedsDir)).documents.map((entry) => entry.id)).toEqual(["sip-2021", "sip-2023", "jiading-2023", "xiangcheng-2022"]);
    expect(await readdir(seedsDir)).not.toContain("snd-2021.txt");
    await expect(removeDocument(seedsDir, "snd-2021")).rejects.toThrow(/no document "snd-2021" in the catalog; it has sip-2021, sip-2023, jiading-2023, xiangcheng-2022/);
  });
});

describe("checkDocument and its diagnostics", () => {
  it("report measures, units, roles and measures without units, writing nothing", async () => {
    const dir = await temporaryDir("qiwen-check-");
    const file = path.join(dir, "draft.md");
    await writeFile(
      file,
      [
        "某某区2024年营商环境工作方案",
        "一、重点任务",
        "1.推行帮办代办，为企业提供全程指导。（牵头单位：区政务办）",
        "2.开展政企恳谈会（每季度一次），听取企业意见。",
        "3.建设企业服务中心，提供一站式服务。",
      ].join("\n"),
    );
    const seedsDir = await seedsCopy();
    const check = await checkDocument(file, { seedsDir, overrides: { region: "某某区" } });
    expect(check).toMatchObject({ file, format: "md", metadataSource: "inferred", missing: [], error: null });
    expect(check.metadata).toMatchObject({ title: "某某区2024年营商环境工作方案", region: "某某区", year: 2024 });
    expect(check.diagnostics).toMatchObject({ measures: 3, clausesWithUnits: 1, roles: { lead: 1, responsible: 0, support: 0 } });
    expect(check.diagnostics?.measuresWithoutUnits).toEqual(["一、2", "一、3"]);
    expect(check.diagnostics?.notUnderstood).toEqual([]);
    expect(await readdir(seedsDir)).toHaveLength(6);
  });

  it("use the catalog entry of a listed file, and say why an unreadable one cannot be indexed", async () => {
    const listed = await checkDocument(path.join(realSeeds, "jiading-2023.txt"), { seedsDir: realSeeds });
    expect(listed.metadataSource).toBe("catalog");
    expect(listed.metadata).toMatchObject({ id: "jiading-2023", region: "上海市嘉定区", year: 2023 });
    // Jiading names no unit at all: every measure is flagged.
    expect(listed.diagnostics?.measuresWithoutUnits).toHaveLength(listed.diagnostics!.measures);

    const unreadable = path.join(await temporaryDir("qiwen-check-"), "plan.doc");
    await writeFile(unreadable, "old Word");
    const failed = await checkDocument(unreadable, { seedsDir: realSeeds });
    expect(failed.diagnostics).toBeNull();
    expect(failed.error?.reason).toMatch(/unsupported file type "\.doc"/);
  });

  it("list a unit-like bracket that gave no units as not understood, and leave other brackets alone", () => {
    const text = ["某区2024年优化营商环境行动方案", "一、任务", "1.推行帮办代办（试点）。（牵头：待商定部门）", "2.开展恳谈会（每季度一次）。", "听取意见。（责任单位：区政务办）"].join("\n");
    const entry = { id: "d", title: "某区2024年优化营商环境行动方案", shortName: "t", region: "r", issuer: "i", docNumber: null, date: "2024", year: 2024, file: "d.txt" };
    const parsed = parseDocument({ format: "txt", blocks: readPlainText(text) }, entry);
    expect(parsed.diagnostics).toMatchObject({ measures: 2, clausesWithUnits: 1, roles: { lead: 0, support: 0, responsible: 1 }, measuresWithoutUnits: ["一、1"] });
    expect(parsed.diagnostics.notUnderstood).toEqual([expect.stringContaining("待商定部门")]);
  });

  it("count the seeds' measures as the parser cuts them", async () => {
    const catalog = await loadCatalog(realSeeds);
    const entry = catalog.documents.find((document) => document.id === "sip-2021")!;
    const parsed = parseDocument(await readDocumentFile(path.join(realSeeds, entry.file)), entry);
    // 26 numbered measures; where a paragraph carries its own unit block it is a measure of its own: 52 in all.
    expect(parsed.diagnostics).toMatchObject({ measures: 52, measuresWithoutUnits: [], notUnderstood: [] });
  });
});

/** Counts what reaches the model, under the cache. */
class CountingEmbedder implements Embedder {
  embedded: string[] = [];
  constructor(private readonly inner: Embedder) {}
  get name() {
    return this.inner.name;
  }
  get dimensions() {
    return this.inner.dimensions;
  }
  async embedDocuments(texts: readonly string[]) {
    this.embedded.push(...texts);
    return this.inner.embedDocuments(texts);
  }
  embedQuery(text: string) {
    return this.inner.embedQuery(text);
  }
}

describe("adding, replacing and removing a plan in an indexed corpus", () => {
  let seedsDir: string;
  let dataDir: string;
  let counting: CountingEmbedder;
  let embedder: CachedEmbedder;
  beforeAll(async () => {
    const { dataDir: testDataDir } = await prepareTestIndex();
    seedsDir = await seedsCopy();
    dataDir = await temporaryDir("qiwen-add-index-");
    await copyDataDir(testDataDir, dataDir);
    counting = new CountingEmbedder(await createEmbedder(testConfig()));
    embedder = new CachedEmbedder(counting, localIndexStorage(dataDir).embeddingCache);
  });

  it("embeds only the new plan's clauses (and their sentences) when it is added, and only the changed clause when its file is replaced", async () => {
    const before = (await localIndexStorage(dataDir).registry.current())!;
    await addDocument(seedsDir, { file: path.join(fixtures, "wujiang-2024.html"), id: "wujiang-2024" });
    const added = await runIngest({ seedsDir, dataDir, embedder });
    const after = (await localIndexStorage(dataDir).registry.current())!;
    const wujiang = added.documents.find((document) => document.id === "wujiang-2024")!;
    expect(wujiang.clauses).toBeGreaterThanOrEqual(8);
    // Each clause is embedded whole and sentence by sentence; what the seeds hold comes from the cache.
    const newSentences = after.sentences!.rowCount - before.sentences!.rowCount;
    expect(newSentences).toBeGreaterThanOrEqual(wujiang.clauses);
    expect(counting.embedded).toHaveLength(wujiang.clauses + newSentences);

    counting.embedded = [];
    const edited = path.join(await temporaryDir("qiwen-edited-"), "wujiang-2024-修订.html");
    const original = await readFile(path.join(fixtures, "wujiang-2024.html"), "utf8");
    await writeFile(edited, original.replace("验收时间不超过5个工作日", "验收时间不超过3个工作日"));
    await addDocument(seedsDir, { file: edited, id: "wujiang-2024" });
    const replaced = await runIngest({ seedsDir, dataDir, embedder });
    expect(replaced.unchanged).toBe(false);
    // The changed clause and its changed sentence; nothing else.
    expect(counting.embedded.length).toBeGreaterThanOrEqual(1);
    expect(counting.embedded.length).toBeLessThanOrEqual(2);
    expect(counting.embedded.every((passage) => passage.includes("验收时间不超过3个工作日"))).toBe(true);
  });

  it("serves the new plan: a question naming its region's short form is answered from it, not refused", async () => {
    const services = await createServices(testConfig({ DATA_DIR: dataDir, SEEDS_DIR: seedsDir }), { embedder });
    const response = await services.answers.answer(chatRequestSchema.parse({ question: "吴江的工程建设项目竣工联合验收要几天？" }));
    expect(response.answerable).toBe(true);
    expect(response.citations[0]?.docId).toBe("wujiang-2024");
    expect(response.citations[0]?.text).toContain("验收时间不超过3个工作日");
    expect(response.citations[0]?.units).toEqual(expect.arrayContaining(["区住建局"]));
  });

  it("after --remove, the region is a place outside the corpus again", async () => {
    await removeDocument(seedsDir, "wujiang-2024");
    const report = await runIngest({ seedsDir, dataDir, embedder });
    expect(report.documents.map((document) => document.id)).not.toContain("wujiang-2024");
    const services = await createServices(testConfig({ DATA_DIR: dataDir, SEEDS_DIR: seedsDir }), { embedder });
    const response = await services.answers.answer(chatRequestSchema.parse({ question: "吴江的工程建设项目竣工联合验收要几天？" }));
    expect(response.answerable).toBe(false);
    expect(response.answer).not.toContain("吴江区");
  });
});
