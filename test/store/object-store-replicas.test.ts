import { spawn, type ChildProcess } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatResponseSchema } from "../../src/answer/chat-schemas.js";
import { catalogSchema } from "../../src/corpus/catalog.js";
import { projectRoot } from "../../src/config/app-config.js";
import { LEASE_NAME, type LeaseRecord } from "../../src/store/ingest-lease.js";
import { S3BlobStore } from "../../src/store/s3-blob-store.js";
import { startS3rver } from "../support/start-s3rver.js";
import { prepareTestIndex } from "../support/test-index.js";
import { initialisedPgliteDir } from "../support/test-store.js";

/**
 * The index on an S3-compatible object store (s3rver, started here on a free
 * port) behind two read-only server replicas: `npm run ingest` publishes,
 * both replicas follow, nothing fails while they switch, and a writer killed
 * mid-ingest changes nothing the replicas serve.
 */

const bucket = "qiwen-index";
const temporaryDirs: string[] = [];
const children: ChildProcess[] = [];
let s3: Awaited<ReturnType<typeof startS3rver>>;
let s3Dir: string;
let env: Record<string, string>;
let fullSeeds: string;
/** The seeds with one measure longer: what the killed writer ingests. */
let changedSeeds: string;
let fourSeeds: string;
let leaseStore: S3BlobStore;
const replicas: { url: string; stderr: () => string }[] = [];

async function temporaryDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

/** `node --import tsx`, so the pid that takes the lease is the one a kill stops (tsx itself would fork). */
function startCli(script: string, args: string[], extraEnv: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "src", "cli", script), ...args], {
    cwd: projectRoot,
    env: { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", ...env, ...extraEnv },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += String(chunk)));
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function ingest(seedsDir: string, args: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startCli("ingest.ts", ["--json", ...args], { SEEDS_DIR: seedsDir });
  const code = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

async function startReplica(): Promise<{ url: string; stderr: () => string }> {
  // Each replica keeps its own question log here (an embedded store is one process's); in production they share DATABASE_URL.
  const store = await initialisedPgliteDir(await temporaryDir("qiwen-replica-store-"));
  const run = startCli("serve.ts", [], { PORT: "0", SEEDS_DIR: fullSeeds, LOG_LEVEL: "info", RATE_LIMIT_SEARCH_PER_MIN: "0", DATABASE_URL: "", PGLITE_DIR: store });
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    const match = /listening on (http:\/\/[^\s"]+)/.exec(run.stdout());
    if (match) return { url: match[1]!, stderr: run.stderr };
    if (run.child.exitCode !== null) throw new Error(`replica exited: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`replica did not start: ${run.stderr()}`);
}

const healthSchema = z.looseObject({
  ready: z.boolean(),
  indexVersion: z.string().nullable(),
  index: z.looseObject({ ready: z.boolean(), version: z.string().nullable(), problem: z.string().nullable() }),
});
const documentsSchema = z.object({ documents: z.array(z.object({ id: z.string() })) });

const health = async (url: string) => healthSchema.parse(await (await fetch(`${url}/api/health`)).json());
const documentCount = async (url: string) => documentsSchema.parse(await (await fetch(`${url}/api/documents`)).json()).documents.length;

async function chat(url: string, question: string) {
  const response = await fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) });
  expect(response.status).toBe(200);
  return chatResponseSchema.parse(await response.json());
}

/** Waits until every replica serves a version other than `version`; returns how long it took. */
async function waitForSwitch(version: string | null, timeoutMs = 10_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const versions = await Promise.all(replicas.map(async (replica) => (await health(replica.url)).indexVersion));
    if (versions.every((served) => served !== null && served !== version) && new Set(versions).size === 1) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`replicas did not all switch from ${version} within ${timeoutMs} ms`);
}

/**
 * Requests to both replicas until `stop()`: searches, 4 at a time, and a chat
 * every 1.5 s in turn (the chat limit, 60 a minute per client, is per replica).
 */
function loadReplicas() {
  let running = true;
  let sent = 0;
  const failures: string[] = [];
  const questions = ["园区注销公司要多久", "企业开办需要几天", "知识产权保护由哪个部门负责", "相城区 政务服务"];
  const send = async (request: () => Promise<Response>) => {
    sent++;
    try {
      const response = await request();
      if (response.status !== 200) failures.push(`${response.status} ${await response.text()}`);
      else await response.arrayBuffer();
    } catch (error) {
      failures.push(String(error));
    }
  };
  const searcher = async (index: number) => {
    while (running) {
      const replica = replicas[(sent + index) % replicas.length]!;
      await send(() => fetch(`${replica.url}/api/search?q=${encodeURIComponent(questions[sent % questions.length]!)}&k=5`));
    }
  };
  const chatter = async () => {
    for (let turn = 0; running; turn++) {
      const replica = replicas[turn % replicas.length]!;
      const question = questions[turn % questions.length]!;
      await send(() => fetch(`${replica.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) }));
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
  };
  const workers = [...Array.from({ length: 4 }, (_, index) => searcher(index)), chatter()];
  return {
    async stop() {
      running = false;
      await Promise.all(workers);
      return { sent, failures };
    },
  };
}

async function readLease(): Promise<LeaseRecord | null> {
  const blob = await leaseStore.read(LEASE_NAME);
  return blob && blob !== "unchanged" ? (JSON.parse(String(blob.bytes)) as LeaseRecord) : null;
}

/** The clause tables on the store, read from s3rver's folder (its listing is not what LanceDB expects). */
async function tablesOnStore(): Promise<string[]> {
  const names = await readdir(path.join(s3Dir, bucket, "index")).catch(() => []);
  return names.filter((name) => name.startsWith("clauses_") && name.endsWith(".lance")).map((name) => name.slice(0, -".lance".length));
}

beforeAll(async () => {
  s3Dir = await temporaryDir("qiwen-s3rver-");
  s3 = await startS3rver(s3Dir, bucket);
  const { endpoint } = s3;
  env = {
    INDEX_URI: `s3://${bucket}/index`,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: endpoint,
    AWS_ALLOW_HTTP: "true",
    // Nothing may be read from or written to a local data folder: point it at an empty one.
    DATA_DIR: await temporaryDir("qiwen-replica-data-"),
  };
  leaseStore = new S3BlobStore({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER", region: "us-east-1", endpoint, allowHttp: true }, bucket, "index");

  // The shared test index's passage vectors, uploaded where the ingest keeps its cache: no clause is embedded again.
  const { dataDir } = await prepareTestIndex();
  const localCache = path.join(dataDir, "lancedb", "embedding-cache");
  for (const name of await readdir(localCache)) await leaseStore.child("embedding-cache").write(name, await readFile(path.join(localCache, name)));

  fullSeeds = path.join(projectRoot, "seeds");
  fourSeeds = await temporaryDir("qiwen-seeds-four-");
  await cp(fullSeeds, fourSeeds, { recursive: true });
  const catalog = catalogSchema.parse(JSON.parse(await readFile(path.join(fourSeeds, "catalog.json"), "utf8")));
  const dropped = catalog.documents.find((document) => document.id === "jiading-2023")!;
  await writeFile(path.join(fourSeeds, "catalog.json"), JSON.stringify({ documents: catalog.documents.filter((document) => document !== dropped) }));
  await rm(path.join(fourSeeds, dropped.file));

  // For the writer that is killed: one measure says more, so it has passages to embed and is still building when polled.
  changedSeeds = await temporaryDir("qiwen-seeds-changed-");
  await cp(fullSeeds, changedSeeds, { recursive: true });
  const changedFile = path.join(changedSeeds, catalog.documents.find((document) => document.id === "xiangcheng-2022")!.file);
  const lines = (await readFile(changedFile, "utf8")).split("\n");
  const measure = lines.findIndex((line) => line.length > 60 && line.includes("。"));
  const added = Array.from({ length: 12 }, (_, index) => `试点第${index + 1}批企业服务专员走访${(index + 1) * 7}家重点企业并在${index + 2}个工作日内反馈。`).join("");
  lines[measure] = lines[measure]!.replace("。", `。${added}`);
  await writeFile(changedFile, lines.join("\n"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await s3?.close();
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("the index on an object store behind two replicas", () => {
  it("replicas start not ready, and serve the first version `npm run ingest` publishes", async () => {
    replicas.push(...(await Promise.all([startReplica(), startReplica()])));
    for (const replica of replicas) {
      const state = await health(replica.url);
      expect(state).toMatchObject({ ready: false, indexVersion: null, index: { ready: false } });
      expect(state.index.problem).toContain(`s3://${bucket}/index`);
      expect((await fetch(`${replica.url}/api/search?q=x`)).status).toBe(503);
    }

    const first = await ingest(fourSeeds);
    expect(first.code, first.stderr).toBe(0);
    await waitForSwitch(null);
    for (const replica of replicas) expect(await documentCount(replica.url)).toBe(4);
    // Nothing local: the embedding cache went to the store beside the index.
    expect(await readdir(env.DATA_DIR!)).toEqual([]);
  });

  it("both replicas answer the same question with the same citations", async () => {
    const [left, right] = await Promise.all(replicas.map((replica) => chat(replica.url, "园区注销公司要多久？")));
    expect(left!.citations.length).toBeGreaterThan(0);
    expect(right!.citations.map((citation) => citation.clauseId)).toEqual(left!.citations.map((citation) => citation.clauseId));
    expect(right!.answer).toBe(left!.answer);
  });

  it("a re-ingest under load: both replicas switch to the new version within 10 s with no failed request", async () => {
    const before = (await health(replicas[0]!.url)).indexVersion;
    const load = loadReplicas();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const published = await ingest(fullSeeds);
    expect(published.code, published.stderr).toBe(0);
    const switchMs = await waitForSwitch(before);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { sent, failures } = await load.stop();
    expect(failures.slice(0, 5).join("\n")).toBe("");
    expect(sent).toBeGreaterThan(20);
    expect(switchMs).toBeLessThan(10_000);
    for (const replica of replicas) {
      expect(await documentCount(replica.url)).toBe(5);
      expect(replica.stderr()).toMatch(/index: now serving version \d+ .*replacing \d+/);
    }
  });

  it("a writer killed mid-ingest leaves the replicas on the old version; the next ingest takes over its lease and drops its table", async () => {
    const served = (await health(replicas[0]!.url)).indexVersion!;
    const load = loadReplicas();
    const doomed = startCli("ingest.ts", ["--force", "--json"], { SEEDS_DIR: changedSeeds });
    let building: string | null = null;
    const started = Date.now();
    while (!building && Date.now() - started < 60_000 && doomed.child.exitCode === null) {
      building = (await readLease().catch(() => null))?.building ?? null;
      if (!building) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(building, doomed.stderr()).not.toBeNull();
    doomed.child.kill("SIGKILL");
    await doomed.exited;
    expect((await readLease())?.pid).toBe(doomed.child.pid);

    await new Promise((resolve) => setTimeout(resolve, 2500));
    for (const replica of replicas) expect((await health(replica.url)).indexVersion).toBe(served);
    // A second writer while the first is not yet known dead would be refused; this one sees its process gone.
    const next = await ingest(fullSeeds, ["--force"]);
    expect(next.code, next.stderr).toBe(0);
    await waitForSwitch(served);
    const { failures } = await load.stop();
    expect(failures.slice(0, 5).join("\n")).toBe("");
    expect(await tablesOnStore()).not.toContain(building);
    expect(await readLease()).toBeNull();
  });
});
