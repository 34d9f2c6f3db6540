import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatResponseSchema } from "../../src/answer/chat-schemas.js";
import { MANIFEST_NAME } from "../../src/store/index-registry.js";
import { localIndexStorage } from "../../src/store/index-storage.js";
import { runCommand, scratchDirs } from "../support/run-command.js";

const manifestPath = (dataDir: string) => path.join(dataDir, "lancedb", MANIFEST_NAME);
const readManifest = (dataDir: string) => localIndexStorage(dataDir).registry.current();
import { copyDataDir, prepareTestIndex } from "../support/test-index.js";

/** What `ingest --json` prints, and nothing more. */
const ingestJsonSchema = z
  .object({
    documents: z.array(z.object({ id: z.string(), title: z.string(), region: z.string(), clauses: z.number().int(), clausesWithUnits: z.number().int() }).strict()),
    failed: z.array(z.object({ file: z.string(), id: z.string().optional(), line: z.number().int().optional(), reason: z.string() }).strict()),
    totalClauses: z.number().int(),
    embedder: z.string(),
    ms: z.number(),
  })
  .strict();

const scratch = scratchDirs();
const temporaryDir = scratch.make;
const seedsCopy = scratch.seedsCopy;

let testDataDir: string;
/** A private copy of the test index, so a failing ingest that did write could not hurt other test files. */
let indexCopy: string;

beforeAll(async () => {
  ({ dataDir: testDataDir } = await prepareTestIndex());
  indexCopy = await temporaryDir("qiwen-index-copy-");
  await copyDataDir(testDataDir, indexCopy, { withoutEmbeddingCache: true });
});

afterAll(scratch.removeAll);

describe("ingest", () => {
  it("--check --json prints only the JSON report on stdout and writes nothing", async () => {
    const dataDir = await temporaryDir("qiwen-check-");
    const run = await runCommand("ingest", ["--check", "--json"], { DATA_DIR: dataDir });
    expect(run.code).toBe(0);
    const report = ingestJsonSchema.parse(JSON.parse(run.stdout));
    expect(report.documents.map((document) => document.id)).toEqual(["sip-2021", "sip-2023", "snd-2021", "jiading-2023", "xiangcheng-2022"]);
    expect(report.totalClauses).toBe(report.documents.reduce((sum, document) => sum + document.clauses, 0));
    expect(run.stderr).toMatch(/\[#+\] parse \d+\/\d+/);
    await expect(readFile(manifestPath(dataDir))).rejects.toThrow();
  });

  it("--check prints a table per document with totals", async () => {
    const run = await runCommand("ingest", ["--check"], { DATA_DIR: await temporaryDir("qiwen-check-") });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/document\s+title\s+clauses\s+with units\s+without units\s+characters/);
    expect(run.stdout).toMatch(/^xiangcheng-2022\s/m);
    expect(run.stdout).toMatch(/^total\s+\d+\s+\d+\s+\d+\s+\d+$/m);
  });

  it("--force --json writes a new index version over an unchanged corpus; without --force nothing is written", async () => {
    const dataDir = await temporaryDir("qiwen-force-");
    await copyDataDir(testDataDir, dataDir); // the embedding cache too: nothing is embedded again
    const before = (await readManifest(dataDir))!;

    const unchanged = await runCommand("ingest", ["--json"], { DATA_DIR: dataDir });
    expect(unchanged.code).toBe(0);
    expect((await readManifest(dataDir))!.version).toBe(before.version);

    const forced = await runCommand("ingest", ["--force", "--json"], { DATA_DIR: dataDir });
    expect(forced.code).toBe(0);
    const report = ingestJsonSchema.parse(JSON.parse(forced.stdout));
    const after = (await readManifest(dataDir))!;
    expect(after.version).not.toBe(before.version);
    expect(after.contentHash).toBe(before.contentHash);
    expect(after.clauseCount).toBe(report.totalClauses);
  });

  it("rejects --force with --check, showing the usage", async () => {
    const run = await runCommand("ingest", ["--check", "--force"], { DATA_DIR: await temporaryDir("qiwen-check-") });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--check writes nothing, so --force has nothing to rebuild");
    expect(run.stderr).toContain("usage: npm run ingest [-- --json] [-- --check [FILE…] | --force | --add FILE");
  });

  // Which broken files are skipped, and why, is test/ingest/isolation.test.ts's; here, what the command prints and its exit code.
  const breakages: [string, (seedsDir: string) => Promise<{ file: string; line?: number; id?: string }>, RegExp][] = [
    [
      "a unit block that never closes",
      async (seedsDir) => {
        const file = path.join(seedsDir, "sip-2021.txt");
        const lines = (await readFile(file, "utf8")).split("\n");
        const index = lines.findIndex((line) => line.includes("(责任单位:") && line.endsWith("各相关局办)"));
        lines[index] = lines[index]!.slice(0, -1);
        await writeFile(file, lines.join("\n"));
        return { file, line: index + 1, id: "sip-2021" };
      },
      /never closes/,
    ],
  ];

  it.each(breakages)("skips %s, naming it, indexes the others and exits 2", async (_case, breakSeeds, reason) => {
    const seedsDir = await seedsCopy();
    const broken = await breakSeeds(seedsDir);
    const dataDir = await temporaryDir("qiwen-isolated-");
    await copyDataDir(testDataDir, dataDir); // with the embedding cache: the others need no new vectors

    const checked = await runCommand("ingest", ["--check"], { SEEDS_DIR: seedsDir, DATA_DIR: dataDir });
    expect(checked.code).toBe(2);
    expect(checked.stdout).toContain(`${broken.line ? `${broken.file}:${broken.line}` : broken.file}`);
    expect(checked.stdout).toMatch(reason);
    expect(checked.stderr).not.toMatch(/\n\s+at /);

    const run = await runCommand("ingest", ["--json"], { SEEDS_DIR: seedsDir, DATA_DIR: dataDir });
    expect(run.code).toBe(2);
    const report = ingestJsonSchema.parse(JSON.parse(run.stdout));
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({ file: broken.file, ...(broken.line ? { line: broken.line } : {}), ...(broken.id ? { id: broken.id } : {}) });
    expect(report.failed[0]!.reason).toMatch(reason);
    const indexed = report.documents.map((document) => document.id);
    expect(indexed).toHaveLength(broken.id ? 4 : 5);
    if (broken.id) expect(indexed).not.toContain(broken.id);
    // What is served is what was indexed: the skipped document is not in the manifest.
    expect((await readManifest(dataDir))!.documents.map((document) => document.id)).toEqual(indexed);
  });

  it("fails without touching the index when nothing can be skipped: a catalog that does not load", async () => {
    const seedsDir = await seedsCopy();
    await writeFile(path.join(seedsDir, "catalog.json"), "{ not json");
    const manifestBefore = await readFile(manifestPath(indexCopy), "utf8");
    for (const args of [["--json"], ["--check"]]) {
      const run = await runCommand("ingest", args, { SEEDS_DIR: seedsDir, DATA_DIR: indexCopy });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(path.join(seedsDir, "catalog.json"));
      expect(run.stderr).toMatch(/catalog is not valid JSON/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await readFile(manifestPath(indexCopy), "utf8")).toBe(manifestBefore);
  });
});

describe("ask", () => {
  it("--json prints the API's ChatResponse", async () => {
    const run = await runCommand("ask", ["园区新开办企业刻公章有补贴吗？", "--json", "--doc", "sip-2021", "--k", "3"], { DATA_DIR: testDataDir });
    expect(run.code).toBe(0);
    const response = chatResponseSchema.strict().parse(JSON.parse(run.stdout));
    expect(response.mode).toBe("extractive");
    expect(response.citations.length).toBeGreaterThan(0);
    expect(response.citations.length).toBeLessThanOrEqual(3);
    expect(response.citations.every((citation) => citation.docId === "sip-2021")).toBe(true);
  });

  it("prints the answer and its citations with document, path and units for a person", async () => {
    const run = await runCommand("ask", ["相城区企业开办要多久？", "--region", "相城区"], { DATA_DIR: testDataDir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("引用条款：");
    expect(run.stdout).toMatch(/\[1\] 《相城2022》/);
    expect(run.stdout).toMatch(/责任单位：/);
  });

  it("explains what is wrong: no question, unknown document, no index", async () => {
    const noQuestion = await runCommand("ask", ["--json"], { DATA_DIR: testDataDir });
    expect(noQuestion.code).toBe(1);
    expect(noQuestion.stderr).toContain("usage: npm run ask");

    const unknownDoc = await runCommand("ask", ["企业开办", "--doc", "sip-2099"], { DATA_DIR: testDataDir });
    expect(unknownDoc.code).toBe(1);
    expect(unknownDoc.stderr).toContain('unknown document "sip-2099"');
    expect(unknownDoc.stderr).toContain("xiangcheng-2022");

    const neverBoth = await runCommand("ask", ["企业开办", "--doc", "sip-2021", "--region", "相城区"], { DATA_DIR: testDataDir });
    expect(neverBoth.code).toBe(1);
    expect(neverBoth.stderr).toMatch(/^--doc and --region: no document matches both/);
    expect(neverBoth.stderr).toContain("sip-2021 is in 苏州工业园区");

    const noIndex = await runCommand("ask", ["企业开办"], { DATA_DIR: await temporaryDir("qiwen-empty-") });
    expect(noIndex.code).toBe(1);
    expect(noIndex.stderr).toContain("npm run ingest");
    expect(noIndex.stdout).toBe("");
  });
});

describe("errors", () => {
  it("print the stack only when DEBUG_ERRORS=1 (read from the configuration)", async () => {
    const args = ["企业开办", "--doc", "sip-2099"];
    const plain = await runCommand("ask", args, { DATA_DIR: testDataDir, QIWEN_DEBUG: "1" });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('unknown document "sip-2099"');
    expect(plain.stderr).not.toMatch(/\n\s+at /);

    const debug = await runCommand("ask", args, { DATA_DIR: testDataDir, DEBUG_ERRORS: "1" });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain('unknown document "sip-2099"');
    expect(debug.stderr).toMatch(/ValidationError: .*\n\s+at .*resolve-filters/);
  });

  it("report a bad environment without a stack, even with DEBUG_ERRORS set to something invalid", async () => {
    const run = await runCommand("ask", ["企业开办"], { DATA_DIR: testDataDir, DEBUG_ERRORS: "yes" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^environment variable DEBUG_ERRORS:/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
