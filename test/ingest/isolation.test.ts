import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runIngest, type IngestReport } from "../../ingest/run-ingest.js";
import { chatRequestSchema } from "../../src/answer/chat-schemas.js";
import { projectRoot } from "../../src/config/app-config.js";
import { createCachedEmbedder } from "../../src/embedding/create-embedder.js";
import type { QiwenServices } from "../../src/services/qiwen-services.js";
import { createServices } from "../../src/services/create-services.js";
import { copyDataDir, prepareTestIndex, testConfig } from "../support/test-index.js";

const temporaryDirs: string[] = [];
let report: IngestReport;
let services: QiwenServices;
let seedsDir: string;

beforeAll(async () => {
  const { dataDir: testDataDir } = await prepareTestIndex();
  seedsDir = await mkdtemp(path.join(tmpdir(), "qiwen-broken-seeds-"));
  const dataDir = await mkdtemp(path.join(tmpdir(), "qiwen-broken-index-"));
  temporaryDirs.push(seedsDir, dataDir);
  await cp(path.join(projectRoot, "seeds"), seedsDir, { recursive: true });
  await copyDataDir(testDataDir, dataDir);

  // What an admin's folder goes wrong with: a .docx that is not one, a seed whose unit block never closes,
  // an old Word .doc, a catalog entry whose file is gone, and a file the catalog does not list.
  const catalogFile = path.join(seedsDir, "catalog.json");
  const catalog = JSON.parse(await readFile(catalogFile, "utf8")) as { documents: Record<string, unknown>[] };
  catalog.documents.push({ ...catalog.documents[0], id: "broken-2024", title: "某区2024年方案", file: "broken-2024.docx", region: "苏州市吴中区" });
  catalog.documents.push({ ...catalog.documents[0], id: "old-2019", title: "某区2019年方案", file: "old-2019.doc", region: "苏州市吴中区" });
  await writeFile(catalogFile, JSON.stringify(catalog));
  await writeFile(path.join(seedsDir, "broken-2024.docx"), "not a zip");
  await writeFile(path.join(seedsDir, "old-2019.doc"), "old Word bytes");
  await writeFile(path.join(seedsDir, "notes.txt"), "草稿");
  await rm(path.join(seedsDir, "snd-2021.txt"));
  const sip = path.join(seedsDir, "sip-2021.txt");
  await writeFile(sip, (await readFile(sip, "utf8")).replace(/各相关局办\)/, "各相关局办"));

  const config = testConfig({ DATA_DIR: dataDir, SEEDS_DIR: seedsDir });
  const embedder = await createCachedEmbedder(config);
  report = await runIngest({ seedsDir, dataDir, embedder });
  services = await createServices(config, { embedder });
});

afterAll(async () => {
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("a corpus with broken documents", () => {
  it("reports each broken one with file, line and reason, and indexes the others", () => {
    const byFile = [...report.failed].sort((left, right) => left.file.localeCompare(right.file));
    expect(byFile).toEqual([
      { file: path.join(seedsDir, "broken-2024.docx"), id: "broken-2024", reason: expect.stringMatching(/not a readable Word \.docx file/) },
      { file: path.join(seedsDir, "notes.txt"), reason: expect.stringMatching(/not in seeds\/catalog\.json/) },
      { file: path.join(seedsDir, "old-2019.doc"), id: "old-2019", reason: expect.stringMatching(/unsupported file type "\.doc": ingest reads \.txt, .*\.docx, \.pdf/) },
      { file: path.join(seedsDir, "sip-2021.txt"), id: "sip-2021", line: expect.any(Number), reason: expect.stringMatching(/never closes/) },
      { file: path.join(seedsDir, "snd-2021.txt"), id: "snd-2021", reason: expect.stringMatching(/does not exist/) },
    ]);
    expect(report.documents.map((document) => document.id)).toEqual(["sip-2023", "jiading-2023", "xiangcheng-2022"]);
  });

  it("serves the others: questions about them are answered", async () => {
    const response = await services.answers.answer(chatRequestSchema.parse({ question: "在相城开公司要几天能办好？" }));
    expect(response.answerable).toBe(true);
    expect(response.citations[0]?.docId).toBe("xiangcheng-2022");
  });

  it("serves only what was indexed: the skipped documents are not listed, nor their regions named as covered", async () => {
    const { manifest } = await services.index.current();
    expect(manifest.documents.map((document) => document.id)).not.toContain("sip-2021");
    const refusal = await services.answers.answer(chatRequestSchema.parse({ question: "杭州的企业开办要多久？" }));
    expect(refusal.answerable).toBe(false);
    expect(refusal.answer).not.toContain("吴中区");
  });
});
