import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadQuestionSet, type EvalItem } from "../../eval/question-schema.js";
import { defaultSetPath } from "../../eval/eval-cli-options.js";
import { metricNames } from "../../eval/report/eval-summary.js";
import { projectRoot } from "../../src/config/app-config.js";
import type { RunningServer } from "../../src/server/start-server.js";
import { startTestServer } from "../support/test-store.js";
import { startFakeOpenAI } from "../support/fake-openai-server.js";
import { copyDataDir, prepareTestIndex } from "../support/test-index.js";

// The CLI runs as a child process, as `npm run eval` would, against the shared
// test index (DATA_DIR), so stdout, stderr and exit codes are the real ones.

const rate = z.number().min(0).max(1).nullable();
const metricsSchema = z
  .object({
    hit1: rate,
    hit5: rate,
    mrr: rate,
    unitRecall: rate,
    factRecall: rate,
    refusalAccuracy: rate,
    citationValidity: rate,
    falseRefusalRate: rate,
    medianAnswerChars: z.number().nonnegative().nullable(),
    maxAnswerChars: z.number().nonnegative().nullable(),
    p50Ms: z.number().nonnegative().nullable(),
    p95Ms: z.number().nonnegative().nullable(),
    faithfulness: rate.optional(),
  })
  .strict();
const countedSchema = metricsSchema.extend({ n: z.number().int().positive() }).strict();
const summarySchema = z
  .object({
    set: z.string(),
    n: z.number().int(),
    overall: metricsSchema,
    byKind: z.record(z.string(), countedSchema),
    baselines: z.record(z.string(), countedSchema).optional(),
  })
  .strict();

let dataDir: string;
let workDir: string;
let smallSet: string;
let smallItems: EvalItem[];

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `eval/run-eval.ts` with the test index and no LLM unless `env` adds one. */
function runCli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const { OPENAI_API_KEY: _key, OPENAI_BASE_URL: _url, ...inherited } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "eval", "run-eval.ts"), ...args], {
    cwd: projectRoot,
    env: { ...inherited, DATA_DIR: dataDir, ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr.on("data", (chunk) => (stderr += String(chunk)));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** The files in a folder; none when it does not exist. */
async function filesIn(folder: string): Promise<string[]> {
  return readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
}

/** Parses stdout as exactly one JSON line, failing with the output when it is anything else. */
function parseJsonStdout(run: CliRun) {
  expect(run.code, run.stderr).toBe(0);
  const lines = run.stdout.split("\n").filter((line) => line !== "");
  expect(lines, `stdout must be one JSON line, was:\n${run.stdout}`).toHaveLength(1);
  return summarySchema.parse(JSON.parse(lines[0]!));
}

beforeAll(async () => {
  ({ dataDir } = await prepareTestIndex());
  workDir = await mkdtemp(path.join(tmpdir(), "qiwen-eval-cli-"));
  // One item of each of five kinds, answerable and not, from the team's set.
  const all = await loadQuestionSet(defaultSetPath);
  smallItems = ["paraphrase", "unit", "followup", "cross", "outofscope"].map((kind) => all.find((item) => item.kind === kind)!);
  smallSet = path.join(workDir, "small.jsonl");
  await writeFile(smallSet, `${smallItems.map((item) => JSON.stringify(item)).join("\n")}\n`);
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe("npm run eval (CLI)", () => {
  it("--json prints exactly one summary object on stdout and writes both reports to --out", async () => {
    const out = path.join(workDir, "reports-json");
    const run = await runCli(["--set", smallSet, "--json", "--out", out]);
    const summary = parseJsonStdout(run);
    expect(summary.n).toBe(5);
    expect(summary.set).toBe(smallSet);
    expect(Object.keys(summary.overall)).toEqual([...metricNames]);
    expect(Object.keys(summary.byKind).sort()).toEqual(["cross", "followup", "outofscope", "paraphrase", "unit"]);
    expect(summary.byKind.outofscope).toMatchObject({ n: 1, hit1: null, hit5: null, unitRecall: null });
    expect(summary.baselines).toBeUndefined();
    expect(run.stderr).toContain("企问: 5/5");

    const files = (await readdir(out)).sort();
    expect(files).toHaveLength(2);
    const report = JSON.parse(await readFile(path.join(out, files.find((file) => file.endsWith(".json"))!), "utf8"));
    expect(report.summary).toEqual(summary);
    expect(report.items.map((item: { id: string }) => item.id)).toEqual(smallItems.map((item) => item.id));
    const markdown = await readFile(path.join(out, files.find((file) => file.endsWith(".md"))!), "utf8");
    expect(markdown).toContain("| overall | 5 |");
    expect(markdown).toMatch(/## Failures \(\d+ of 5\)/);
  });

  it("--compare adds the three baselines, scored on retrieval over the answerable items", async () => {
    // The run gets a temporary folder of its own, so other processes' temporary files cannot change what it leaves.
    const runTmp = path.join(workDir, "tmp-compare");
    await mkdir(runTmp, { recursive: true });
    const naiveRagFolders = async () => (await readdir(runTmp)).filter((name) => name.startsWith("qiwen-naive-rag-"));
    // A copy of the test index without its embedding cache, to see what the run adds to one.
    const copiedDataDir = path.join(workDir, "data-compare");
    await copyDataDir(dataDir, copiedDataDir, { withoutEmbeddingCache: true });
    const run = await runCli(["--set", smallSet, "--json", "--compare", "--out", path.join(workDir, "reports-compare")], { DATA_DIR: copiedDataDir, TMPDIR: runTmp });
    const summary = parseJsonStdout(run);
    expect(Object.keys(summary.baselines ?? {})).toEqual(["naive-rag", "bm25-clauses", "vector-clauses"]);
    for (const metrics of Object.values(summary.baselines!)) {
      expect(metrics.n).toBe(smallItems.filter((item) => item.answerable).length);
      expect(metrics.hit1).not.toBeNull();
      expect(metrics.hit5).not.toBeNull();
      expect(metrics.mrr).not.toBeNull();
      expect(metrics).toMatchObject({ unitRecall: null, factRecall: null, refusalAccuracy: null, citationValidity: null, falseRefusalRate: null, p50Ms: null, p95Ms: null });
    }
    // The temporary LanceDB folder of naive-rag is gone.
    expect(await naiveRagFolders()).toEqual([]);
    // Its raw chunks were embedded without the persistent cache: nothing landed in DATA_DIR's
    // (an unchanged index embeds no clause, and queries are never cached).
    expect(await filesIn(path.join(copiedDataDir, "lancedb", "embedding-cache"))).toEqual([]);
  }, 300_000);

  it("prints the tables (and the comparison) without --json", async () => {
    const run = await runCli(["--set", smallSet, "--out", path.join(workDir, "reports-text")]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^kind\s+n\s+hit@1\s+hit@5\s+MRR/m);
    expect(run.stdout).toMatch(/^overall\s+5\s/m);
    expect(run.stdout).toContain("report: ");
  });

  it("--judge without an LLM exits 2 and says what to set", async () => {
    const run = await runCli(["--set", smallSet, "--judge"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--judge needs an LLM: set OPENAI_API_KEY (and OPENAI_BASE_URL / CHAT_MODEL)");
    expect(run.stdout).toBe("");
  });

  it("a bad line in --set is reported as file:line and exits 2", async () => {
    const bad = path.join(workDir, "bad.jsonl");
    const [first, second] = smallItems.map((item) => JSON.stringify(item));
    await writeFile(bad, `${first}\n${second}\n${JSON.stringify({ ...smallItems[0], id: "x1", kind: "Not A Kind" })}\n`);
    const run = await runCli(["--set", bad, "--json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}:3: kind:`);
    expect(run.stdout).toBe("");
  });

  it("a document the catalog does not have is reported as file:line and exits 2", async () => {
    const bad = path.join(workDir, "unknown-doc.jsonl");
    const [first] = smallItems.map((item) => JSON.stringify(item));
    await writeFile(bad, `${first}\n${JSON.stringify({ ...smallItems[0], id: "x1", doc: "sip-2099" })}\n`);
    const run = await runCli(["--set", bad, "--json"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}:2: unknown document "sip-2099" (known: `);
    expect(run.stderr).toContain("xiangcheng-2022");
    expect(run.stdout).toBe("");
  });

  it("bad arguments exit 2 with the problem and the usage", async () => {
    for (const args of [["--k", "0"], ["--k", "five"], ["--url", "ftp://example.org"], ["--bogus"], ["stray"]]) {
      const run = await runCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(/^error: .+\n\nUsage: npm run -s eval/);
    }
    const missing = await runCli(["--set", path.join(workDir, "missing.jsonl")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--set: cannot read");
  });
});

describe("npm run eval against a running server (--url) and with a judge (--judge)", () => {
  let server: RunningServer;
  let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;

  beforeAll(async () => {
    const { config } = await prepareTestIndex();
    server = await startTestServer({ config, port: 0, app: { webConsole: false } });
    fake = await startFakeOpenAI();
  });

  afterAll(async () => {
    await server?.close();
    await fake?.close();
  });

  it("--url asks POST /api/chat and scores the validated responses", async () => {
    const summary = parseJsonStdout(await runCli(["--set", smallSet, "--json", "--url", server.url, "--out", path.join(workDir, "reports-url")]));
    expect(summary.n).toBe(5);
    expect(summary.overall.refusalAccuracy).not.toBeNull();
  });

  it("--judge grades each answer through the configured model and reports faithfulness", async () => {
    // The judge's prompt is recognised by its system message; answer requests get a 500, so answers fall back to extractive.
    fake.replyWith((request) =>
      request.body.messages[0]?.content.includes("事实核查员")
        ? { text: '```json\n{"claims":[{"claim":"甲","supported":true},{"claim":"乙","supported":false}]}\n```' }
        : { status: 500 },
    );
    const out = path.join(workDir, "reports-judge");
    const run = await runCli(["--set", smallSet, "--json", "--judge", "--out", out], {
      OPENAI_API_KEY: "test",
      OPENAI_BASE_URL: fake.baseURL,
      CHAT_MODEL: "fake-judge",
    });
    const summary = parseJsonStdout(run);
    expect(summary.overall.faithfulness).toBeCloseTo(0.5);
    expect(summary.byKind.outofscope?.faithfulness).toBeNull();
    const files = await readdir(out);
    const report = JSON.parse(await readFile(path.join(out, files.find((file) => file.endsWith(".json"))!), "utf8"));
    const answered = report.items.filter((item: { got: { answerable: boolean } }) => item.got.answerable);
    expect(answered.length).toBeGreaterThan(0);
    const judgeRequests = fake.requests.filter((request) => request.body.messages[0]?.content.includes("事实核查员"));
    expect(judgeRequests.length).toBe(answered.length);
    expect(judgeRequests[0]!.body.model).toBe("fake-judge");
    expect(judgeRequests[0]!.body.messages.at(-1)!.content).toMatch(/引用条款：\n\[1\]/);

    const markdown = await readFile(path.join(out, files.find((file) => file.endsWith(".md"))!), "utf8");
    expect(markdown).toContain("unsupported claims: 乙");
    expect(markdown).toContain("- judge: openai:fake-judge");
  });
});
