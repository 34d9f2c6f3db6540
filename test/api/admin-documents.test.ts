/**
 * The admin page's Documents API on a copy of the seeds and of the test
 * index, with the real model and LanceDB: a plan written for this test is
 * uploaded (.docx), checked, published and then answers a question only it
 * answers, with its unit; a revised version (.txt) replaces it and the
 * answer changes; removing it takes it out of the answers. Bad uploads are
 * 400s that write nothing into seeds/; a publish that fails (a plan that
 * does not parse, another writer holding the ingest lease) leaves the
 * catalog and the served answers as they were.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatResponseSchema } from "../../src/answer/chat-schemas.js";
import { projectRoot, type AppConfig } from "../../src/config/app-config.js";
import type { RunningServer } from "../../src/server/start-server.js";
import { withIngestLease } from "../../src/store/ingest-lease.js";
import { openIndexStorage } from "../../src/store/index-storage.js";
import type { ServiceStore } from "../../src/store-sql/service-store.js";
import { captureLog } from "../support/capture-log.js";
import { copyTestCorpus, noRateLimits, prepareTestIndex, testConfig } from "../support/test-index.js";
import { openTestStore, startTestServer } from "../support/test-store.js";

const fixtures = path.join(projectRoot, "test/fixtures/admin");
const PLAN_ID = "kunshan-2025";
/** Only the plan written for this test answers it: no seed mentions 低空 or 空域. */
const QUESTION = "无人机企业申请低空飞行试验空域要多久？";

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const jobSchema = z.object({
  id: z.string(),
  kind: z.enum(["check", "publish", "remove"]),
  state: z.enum(["queued", "running", "done", "failed"]),
  progress: z.object({ stage: z.string(), done: z.number().optional(), total: z.number().optional() }),
  report: z.unknown().optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
const checkReportSchema = z.object({
  file: z.string(),
  format: z.string().nullable(),
  metadata: z.object({ id: z.string().nullable(), title: z.string().nullable(), region: z.string().nullable(), year: z.number().nullable() }).loose(),
  missing: z.array(z.enum(["title", "region", "year"])),
  clauses: z.number(),
  units: z.array(z.object({ name: z.string(), clauses: z.number() })),
  deadlines: z.array(z.string()),
  diagnostics: z
    .object({ measures: z.number(), clausesWithUnits: z.number(), roles: z.object({ lead: z.number(), support: z.number(), responsible: z.number() }), notUnderstood: z.array(z.string()) })
    .loose()
    .nullable(),
  error: z.object({ reason: z.string(), line: z.number().optional() }).nullable(),
  replaces: z.object({ id: z.string(), title: z.string() }).loose().nullable(),
});
const listingSchema = z.object({
  documents: z.array(
    z.object({ id: z.string(), title: z.string(), region: z.string(), year: z.number(), file: z.string(), format: z.string().nullable(), indexed: z.boolean(), clauses: z.number().nullable(), measures: z.number().nullable() }).loose(),
  ),
  index: z.object({ version: z.string() }).loose().nullable(),
  job: z.unknown(),
});

let server: RunningServer;
let store: ServiceStore;
let config: AppConfig;
let scratch: string;
let adminKey: string;
let agentKey: string;

beforeAll(async () => {
  const shared = await prepareTestIndex();
  scratch = await mkdtemp(path.join(os.tmpdir(), "qiwen-admin-docs-"));
  // With the shared index's embedding cache, publishing embeds only the new plan.
  config = testConfig({ ...noRateLimits, ...(await copyTestCorpus(shared, scratch)), UPLOAD_MAX_MB: "0.1" });
  store = await openTestStore(config);
  server = await startTestServer({ config, store, port: 0, app: { webConsole: false, logger: captureLog().logger } });
  adminKey = (await store.apiKeys.create("文件管理员", "admin")).key;
  agentKey = (await store.apiKeys.create("坐席 12", "agent")).key;
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const admin = () => ({ authorization: `Bearer ${adminKey}` });

function upload(name: string, bytes: Uint8Array | string, fields: Record<string, string> = {}, headers: Record<string, string> = admin()): Promise<Response> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("file", new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)]), name);
  return fetch(`${server.url}/api/admin/documents`, { method: "POST", headers, body: form });
}

function publish(uploadId: string, body: Record<string, unknown> = {}): Promise<Response> {
  return fetch(`${server.url}/api/admin/uploads/${uploadId}/publish`, { method: "POST", headers: { ...admin(), "content-type": "application/json" }, body: JSON.stringify(body) });
}

async function accepted(response: Response): Promise<{ jobId: string; uploadId?: string }> {
  const text = await response.text();
  expect(response.status, text).toBe(202);
  return z.object({ jobId: z.string(), uploadId: z.string().optional() }).parse(JSON.parse(text));
}

/** Polls a job until it ends; every stage it was seen in, and the end. */
async function finished(jobId: string): Promise<{ job: z.infer<typeof jobSchema>; stages: string[]; text: string }> {
  const stages: string[] = [];
  for (const started = Date.now(); Date.now() - started < 120_000; ) {
    const response = await fetch(`${server.url}/api/admin/jobs/${jobId}`, { headers: admin() });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const job = jobSchema.parse(JSON.parse(text));
    if (stages.at(-1) !== job.progress.stage) stages.push(job.progress.stage);
    if (job.state === "done" || job.state === "failed") return { job, stages, text };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish in 2 minutes`);
}

async function uploadAndCheck(name: string, bytes: Uint8Array | string, fields: Record<string, string> = {}) {
  const { uploadId, jobId } = await accepted(await upload(name, bytes, fields));
  const { job, text } = await finished(jobId);
  expect(job.state, text).toBe("done");
  expect(text).not.toContain(scratch);
  return { uploadId: uploadId!, report: checkReportSchema.parse(job.report) };
}

async function ask(question = QUESTION) {
  const response = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) });
  expect(response.status).toBe(200);
  return chatResponseSchema.parse(await response.json());
}

async function listing() {
  const response = await fetch(`${server.url}/api/admin/documents`, { headers: admin() });
  expect(response.status).toBe(200);
  return listingSchema.parse(await response.json());
}

/** The catalog's bytes and the seed files' names: what a failed or refused change must leave as it was. */
async function seedsState(): Promise<{ catalog: string; files: string[] }> {
  const seeds = config.seedsDir;
  return { catalog: await readFile(path.join(seeds, "catalog.json"), "utf8"), files: (await readdir(seeds)).sort() };
}

describe("who may use the Documents API", () => {
  it("answers 401 without a key and 403 with an agent key, on every route", async () => {
    const routes: [string, string][] = [
      ["GET", "/api/admin/documents"],
      ["POST", "/api/admin/documents"],
      ["DELETE", "/api/admin/documents/sip-2021"],
      ["GET", "/api/admin/jobs/00000000-0000-4000-8000-000000000000"],
      ["POST", "/api/admin/uploads/00000000-0000-4000-8000-000000000000/publish"],
    ];
    for (const [method, route] of routes) {
      const anonymous = await fetch(`${server.url}${route}`, { method });
      expect(anonymous.status, `${method} ${route}`).toBe(401);
      const agent = await fetch(`${server.url}${route}`, { method, headers: { authorization: `Bearer ${agentKey}` } });
      expect(agent.status, `${method} ${route}`).toBe(403);
    }
    expect((await upload("plan.txt", "一、测试", {}, { authorization: `Bearer ${agentKey}` })).status).toBe(403);
    expect((await listing()).documents.map((document) => document.id)).toContain("sip-2021");
  });
});

describe("the Documents tab's API", () => {
  it("lists the catalog with the served index's clause and measure counts", async () => {
    const { documents, index } = await listing();
    expect(documents.map((document) => document.id).sort()).toEqual(["jiading-2023", "sip-2021", "sip-2023", "snd-2021", "xiangcheng-2022"]);
    expect(index?.version).toBeTruthy();
    for (const document of documents) {
      expect(document).toMatchObject({ indexed: true, format: "txt" });
      expect(document.clauses).toBeGreaterThan(10);
      expect(document.measures).toBeGreaterThan(5);
      expect(document.measures!).toBeLessThanOrEqual(document.clauses!);
    }
  });

  it("refuses bad uploads with a 400 naming the problem and the formats, writing nothing into seeds/", async () => {
    const before = await seedsState();
    const cases: [Promise<Response>, RegExp][] = [
      [upload("方案.doc", "一、旧格式"), /not a format ingest reads \(\.doc\).*\.txt, \.md.*\.docx, \.pdf/],
      [upload("方案.txt", ""), /empty/],
      [upload("方案.txt", "一、".padEnd(60_000, "长")), /larger than the 0\.1 MB limit \(UPLOAD_MAX_MB\)/],
      [fetch(`${server.url}/api/admin/documents`, { method: "POST", headers: { ...admin(), "content-type": "application/json" }, body: "{}" }), /no file.*multipart\/form-data.*"file"/],
      [upload("方案.txt", "一、测试", { comment: "x" }), /comment: unknown field/],
      [upload("方案.txt", "一、测试", { year: "明年" }), /year: a year like 2024/],
    ];
    for (const [pending, message] of cases) {
      const response = await pending;
      expect(response.status).toBe(400);
      const { error } = errorSchema.parse(await response.json());
      expect(error.message).toMatch(message);
    }
    expect(await seedsState()).toEqual(before);
  });

  it("checks a .docx upload and reports its measures, units, roles, deadlines and metadata", async () => {
    const { report } = await uploadAndCheck("昆山低空经济.docx", await readFile(path.join(fixtures, "kunshan-low-altitude-2025.docx")), { id: PLAN_ID });
    expect(report).toMatchObject({ file: "昆山低空经济.docx", format: "docx", missing: [], replaces: null, error: null });
    expect(report.metadata).toMatchObject({ id: PLAN_ID, title: "昆山市2025年低空经济企业服务优化行动方案", region: "昆山市", year: 2025 });
    expect(report.diagnostics).toMatchObject({ measures: 11, notUnderstood: [] });
    expect(report.diagnostics!.roles.lead).toBe(11);
    expect(report.units[0]).toEqual({ name: "市低空经济发展服务中心", clauses: 8 });
    expect(report.deadlines).toContain("2025年6月底前");
  });

  it("says what a plan that cannot be indexed lacks, and what metadata is missing", async () => {
    const { report } = await uploadAndCheck("说明.txt", "这是一段没有编号结构的说明文字。\n");
    expect(report.missing).toEqual(["title", "region", "year"]);
    expect(report.error?.reason).toMatch(/no numbered part, article or measure/);
    expect(report.error?.reason).not.toContain(scratch);
    expect(report.file).toBe("说明.txt");
  });

  it("publishes an upload: the server answers from it, citing it with its unit, and a second publish meanwhile is a 409", async () => {
    const before = await ask();
    expect(before.citations.map((citation) => citation.docId)).not.toContain(PLAN_ID);
    const { uploadId } = await uploadAndCheck("昆山低空经济.docx", await readFile(path.join(fixtures, "kunshan-low-altitude-2025.docx")), { id: PLAN_ID });
    const other = await uploadAndCheck("revised.txt", await readFile(path.join(fixtures, "kunshan-low-altitude-2025-revised.txt")));
    const { jobId } = await accepted(await publish(uploadId));

    const second = await publish(other.uploadId);
    expect(second.status).toBe(409);
    expect(z.object({ jobId: z.string(), error: z.object({ code: z.literal("job_running") }) }).parse(await second.json()).jobId).toBe(jobId);
    const removal = await fetch(`${server.url}/api/admin/documents/sip-2021`, { method: "DELETE", headers: admin() });
    expect(removal.status).toBe(409);

    const { job, stages, text } = await finished(jobId);
    expect(job.state, text).toBe("done");
    expect(stages.at(-1)).toBe("done");
    expect(job.report).toMatchObject({ document: { id: PLAN_ID, clauses: 12 }, replaced: null });
    expect(text).not.toContain(scratch);

    const { documents } = await listing();
    expect(documents.find((document) => document.id === PLAN_ID)).toMatchObject({ indexed: true, clauses: 12, measures: 11, format: "docx", region: "昆山市" });
    const answer = await ask();
    expect(answer.answerable).toBe(true);
    const cited = answer.citations.find((citation) => citation.docId === PLAN_ID);
    expect(cited?.leadUnits).toEqual(["市低空经济发展服务中心"]);
    expect(answer.answer).toContain("7个工作日");
    expect(answer.answer).toContain("市低空经济发展服务中心");
    // Published uploads are gone from staging: publishing one twice is a 404.
    expect((await publish(uploadId)).status).toBe(404);
  });

  it("replaces a published plan with a revised version in another format, and the answer changes", async () => {
    const { uploadId, report } = await uploadAndCheck("昆山低空经济（修订）.txt", await readFile(path.join(fixtures, "kunshan-low-altitude-2025-revised.txt")), { id: PLAN_ID });
    expect(report.replaces).toMatchObject({ id: PLAN_ID, file: `${PLAN_ID}.docx` });
    const { job, text } = await finished((await accepted(await publish(uploadId))).jobId);
    expect(job.state, text).toBe("done");
    expect(job.report).toMatchObject({ replaced: { id: PLAN_ID } });

    const answer = await ask();
    expect(answer.answer).toContain("3个工作日");
    expect(answer.answer).not.toContain("7个工作日");
    expect(answer.citations.find((citation) => citation.docId === PLAN_ID)?.leadUnits).toEqual(["市交通运输局"]);
    const { files } = await seedsState();
    expect(files).toContain(`${PLAN_ID}.txt`);
    expect(files).not.toContain(`${PLAN_ID}.docx`);
    expect((await listing()).documents.filter((document) => document.id === PLAN_ID)).toHaveLength(1);
  });

  it("fails a publish whose plan does not parse, leaving the catalog and the answers as they were", async () => {
    const before = await seedsState();
    const { uploadId } = await uploadAndCheck("说明.txt", "这是一段没有编号结构的说明文字。\n", { title: "某某说明", region: "昆山市", year: "2025" });
    const { job } = await finished((await accepted(await publish(uploadId, { id: "broken-2025" }))).jobId);
    expect(job.state).toBe("failed");
    expect(job.error?.message).toMatch(/no numbered part, article or measure/);
    expect(job.error?.message).not.toContain(scratch);
    expect(await seedsState()).toEqual(before);
    expect((await ask()).answer).toContain("3个工作日");
  });

  it("fails a publish while another writer holds the ingest lease, restoring the catalog; the old answers keep serving", async () => {
    const before = await seedsState();
    const { uploadId } = await uploadAndCheck("昆山低空经济.docx", await readFile(path.join(fixtures, "kunshan-low-altitude-2025.docx")), { id: PLAN_ID });
    const storage = openIndexStorage(config.index);
    let release!: () => void;
    let held!: () => void;
    const holding = new Promise<void>((resolve) => (held = resolve));
    const lease = withIngestLease(storage.blobs, storage.location.uri, () => {
      held();
      return new Promise<void>((resolve) => (release = resolve));
    });
    await holding;
    try {
      const { job } = await finished((await accepted(await publish(uploadId))).jobId);
      expect(job.state).toBe("failed");
      expect(job.error).toMatchObject({ code: "ingest_locked" });
      expect(job.error?.message).toMatch(/another ingest/);
      expect(job.error?.message).not.toContain(scratch);
    } finally {
      release();
      await lease;
    }
    expect(await seedsState()).toEqual(before);
    expect((await ask()).answer).toContain("3个工作日");
  });

  it("removes a document: 404 for an unknown id, and the removed plan is no longer cited", async () => {
    const unknown = await fetch(`${server.url}/api/admin/documents/no-such-plan`, { method: "DELETE", headers: admin() });
    expect(unknown.status).toBe(404);
    expect(errorSchema.parse(await unknown.json()).error.message).toContain("sip-2021");
    const { job, text } = await finished((await accepted(await fetch(`${server.url}/api/admin/documents/${PLAN_ID}`, { method: "DELETE", headers: admin() }))).jobId);
    expect(job.state, text).toBe("done");
    expect(job.report).toMatchObject({ removed: { id: PLAN_ID } });
    expect((await listing()).documents.map((document) => document.id)).not.toContain(PLAN_ID);
    expect((await seedsState()).files).not.toContain(`${PLAN_ID}.txt`);
    const answer = await ask();
    expect(answer.citations.map((citation) => citation.docId)).not.toContain(PLAN_ID);
    expect(answer.answer).not.toContain("3个工作日");
  });

  it("answers 404 for an unknown job or upload", async () => {
    expect((await fetch(`${server.url}/api/admin/jobs/nope`, { headers: admin() })).status).toBe(404);
    expect((await publish("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await publish("../../etc")).status).toBe(404);
  });
});

