import { cp, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatResponseSchema } from "../../src/answer/chat-schemas.js";
import { projectRoot } from "../../src/config/app-config.js";
import { loadCatalog } from "../../src/corpus/catalog.js";
import { runCommand, scratchDirs } from "../support/run-command.js";
import { copyDataDir, prepareTestIndex } from "../support/test-index.js";

const fixtures = path.join(projectRoot, "test", "ingest", "read", "fixtures");
const scratch = scratchDirs();

/** `ingest --add FILE --json`: the ingest report with the new document. */
const addJsonSchema = z.object({
  documents: z.array(z.object({ id: z.string(), clauses: z.number().int() }).passthrough()),
  failed: z.array(z.unknown()),
  totalClauses: z.number().int(),
  added: z.object({ id: z.string(), title: z.string(), region: z.string(), year: z.number().int(), clauses: z.number().int(), clausesWithUnits: z.number().int() }).strict(),
});

/** `ingest --check FILE… --json`. */
const checkJsonSchema = z.object({
  documents: z.array(
    z.object({
      file: z.string(),
      format: z.string().nullable(),
      metadataSource: z.enum(["catalog", "inferred"]),
      metadata: z.object({ id: z.string().nullable(), title: z.string().nullable(), region: z.string().nullable(), year: z.number().nullable(), issuer: z.string().nullable(), docNumber: z.string().nullable(), date: z.string().nullable() }),
      missing: z.array(z.string()),
      clauses: z.number().int(),
      diagnostics: z
        .object({
          measures: z.number().int(),
          clausesWithUnits: z.number().int(),
          roles: z.object({ lead: z.number().int(), support: z.number().int(), responsible: z.number().int() }),
          measuresWithoutUnits: z.array(z.string()),
          notUnderstood: z.array(z.string()),
        })
        .nullable(),
      error: z.object({ line: z.number().optional(), reason: z.string() }).nullable(),
    }),
  ),
});

let seedsDir: string;
let dataDir: string;
let env: Record<string, string>;
beforeAll(async () => {
  const { dataDir: testDataDir } = await prepareTestIndex();
  seedsDir = await scratch.seedsCopy();
  dataDir = await scratch.make("qiwen-catalog-index-");
  await copyDataDir(testDataDir, dataDir);
  env = { SEEDS_DIR: seedsDir, DATA_DIR: dataDir };
});
afterAll(scratch.removeAll);

async function ask(question: string) {
  const run = await runCommand("ask", [question, "--json"], env);
  expect(run.code, run.stderr).toBe(0);
  return chatResponseSchema.parse(JSON.parse(run.stdout));
}

describe("ingest --check FILE…", () => {
  it("--json reports per file its metadata and what the parser found, writing nothing; exit 2 when one cannot be indexed", async () => {
    const catalogBefore = await readFile(path.join(seedsDir, "catalog.json"), "utf8");
    const unreadable = path.join(await scratch.make("qiwen-doc-"), "old-plan.doc");
    await cp(path.join(fixtures, "minhang-2024.source.html"), unreadable);
    const run = await runCommand("ingest", ["--check", path.join(fixtures, "wujiang-2024.html"), path.join(seedsDir, "jiading-2023.txt"), unreadable, "--json"], env);
    expect(run.code).toBe(2);
    const [wujiang, jiading, doc] = checkJsonSchema.parse(JSON.parse(run.stdout)).documents;
    expect(wujiang).toMatchObject({
      format: "html",
      metadataSource: "inferred",
      metadata: { title: "苏州市吴江区2024年优化营商环境行动方案", region: "苏州市吴江区", year: 2024, issuer: "苏州市吴江区人民政府", docNumber: "吴政发〔2024〕12号", date: "2024-03-15" },
      missing: [],
      error: null,
    });
    expect(wujiang?.diagnostics).toMatchObject({ measures: 7, measuresWithoutUnits: [] });
    expect(wujiang?.diagnostics?.clausesWithUnits).toBeGreaterThanOrEqual(7);
    expect(jiading).toMatchObject({ metadataSource: "catalog", metadata: { id: "jiading-2023" } });
    expect(jiading?.diagnostics?.measuresWithoutUnits.length).toBe(jiading?.diagnostics?.measures);
    expect(doc?.error?.reason).toMatch(/unsupported file type "\.doc".*save it as \.docx/);
    expect(await readFile(path.join(seedsDir, "catalog.json"), "utf8")).toBe(catalogBefore);
    expect(await readdir(seedsDir)).toHaveLength(6);
  });

  it("prints, for a person, each thing to look at and the flags the text does not give", async () => {
    const run = await runCommand("ingest", ["--check", path.join(fixtures, "jiading-traditional.html")], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("metadata (inferred from the text)");
    expect(run.stdout).toMatch(/title\s+嘉定區優化營商環境若干措施/);
    expect(run.stdout).toContain("not in the text, give with --add: --year");
    for (const line of ["measures found", "clauses with units", "roles found", "measures without units", "brackets not understood"]) expect(run.stdout).toContain(line);
  });
});

describe("ingest --add and --remove", () => {
  let addedId: string;

  it("--add of an .html page infers its metadata, files it in seeds/ and indexes it; --json reports it under added", async () => {
    const run = await runCommand("ingest", ["--add", path.join(fixtures, "wujiang-2024.html"), "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const report = addJsonSchema.parse(JSON.parse(run.stdout));
    expect(report.added).toMatchObject({ title: "苏州市吴江区2024年优化营商环境行动方案", region: "苏州市吴江区", year: 2024 });
    expect(report.added.id).toMatch(/^plan-2024-[0-9a-f]{6}$/);
    expect(report.added.clauses).toBeGreaterThanOrEqual(8);
    expect(report.added.clausesWithUnits).toBeGreaterThanOrEqual(7);
    expect(report.documents.map((document) => document.id)).toContain(report.added.id);
    // What it inferred is shown (on stderr with --json).
    expect(run.stderr).toMatch(/docNumber\s+吴政发〔2024〕12号/);
    expect(run.stderr).toMatch(/id\s+plan-2024-[0-9a-f]{6}\s+\(derived; --id to choose one\)/);
    addedId = report.added.id;
    const entry = (await loadCatalog(seedsDir)).documents.find((document) => document.id === addedId);
    expect(entry).toMatchObject({ shortName: "吴江2024", issuer: "苏州市吴江区人民政府", date: "2024-03-15", file: `${addedId}.html` });
    expect(await readdir(seedsDir)).toContain(`${addedId}.html`);
  });

  it("answers a question naming the new region's short form from the new document", async () => {
    const response = await ask("吴江新开办企业刻公章要钱吗？");
    expect(response.answerable).toBe(true);
    expect(response.citations[0]?.docId).toBe(addedId);
    expect(response.citations[0]?.text).toContain("首套印章由区财政保障");
  });

  it("--add of a .docx with --id files a plan for a place that was 'elsewhere', found from its signature", async () => {
    const run = await runCommand("ingest", ["--add", path.join(fixtures, "minhang-2024.docx"), "--id", "minhang-2024", "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const report = addJsonSchema.parse(JSON.parse(run.stdout));
    expect(report.added).toMatchObject({ id: "minhang-2024", title: "闵行区2024年优化营商环境实施方案", region: "上海市闵行区", year: 2024 });
    expect(report.added.clausesWithUnits).toBeGreaterThanOrEqual(5);
    const response = await ask("闵行的知识产权保护工作站提供什么服务？");
    expect(response.answerable).toBe(true);
    expect(response.citations[0]?.docId).toBe("minhang-2024");
  });

  it("--remove takes a document out and re-indexes; its region is outside the corpus again", async () => {
    const run = await runCommand("ingest", ["--remove", addedId, "--json"], env);
    expect(run.code, run.stderr).toBe(0);
    const report = z.object({ documents: z.array(z.object({ id: z.string() }).passthrough()), removed: z.object({ id: z.string(), title: z.string(), file: z.string() }) }).parse(JSON.parse(run.stdout));
    expect(report.removed.id).toBe(addedId);
    expect(report.documents.map((document) => document.id)).not.toContain(addedId);
    expect(await readdir(seedsDir)).not.toContain(`${addedId}.html`);
    const response = await ask("吴江新开办企业刻公章要钱吗？");
    expect(response.answerable).toBe(false);
    expect(response.citations).toEqual([]);
  });

  it("explains bad arguments with the usage: an unknown id, a missing flag, flags without --add", async () => {
    const unknown = await runCommand("ingest", ["--remove", "nowhere-2030"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no document "nowhere-2030" in the catalog; it has sip-2021');
    const noYear = await runCommand("ingest", ["--add", path.join(fixtures, "jiading-traditional.html")], env);
    expect(noYear.code).toBe(1);
    expect(noYear.stderr).toMatch(/could not find the plan's year in .*: give it with --year 2024/);
    const stray = await runCommand("ingest", ["--region", "吴江区"], env);
    expect(stray.code).toBe(1);
    expect(stray.stderr).toContain("--region goes with --add FILE (or --check FILE)");
    expect(stray.stderr).toContain("usage: npm run ingest");
  });
});
