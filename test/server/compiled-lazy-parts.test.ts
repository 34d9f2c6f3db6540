/**
 * The parts the compiled server loads only when they are first used (from
 * dist/chunks: the LLM step, the Documents tab's ingest pipeline, the first
 * start's index build; multer for uploads) work in `node dist/serve.js`: in
 * llm mode it answers through the configured chat model, the admin page's
 * upload is received and checked — and a too-large one is refused with the
 * limit named — and a first start with no index builds one and answers.
 */
import { cp, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatResponseSchema } from "../../src/answer/chat-schemas.js";
import { projectRoot } from "../../src/config/app-config.js";
import { openServiceStore } from "../../src/store-sql/service-store.js";
import { startFakeOpenAI } from "../support/fake-openai-server.js";
import { buildApp, startServerProcess, type ServerProcess } from "../support/server-process.js";
import { copyTestCorpus, prepareTestIndex, testConfig } from "../support/test-index.js";
import { initialisedPgliteDir, storeConfig } from "../support/test-store.js";

let fake: Awaited<ReturnType<typeof startFakeOpenAI>>;
let server: ServerProcess | undefined;
let scratch: string;
let adminKey: string;
let shared: Awaited<ReturnType<typeof prepareTestIndex>>;

beforeAll(async () => {
  shared = await prepareTestIndex();
  scratch = await mkdtemp(path.join(os.tmpdir(), "qiwen-compiled-lazy-"));
  const corpus = await copyTestCorpus(shared, scratch);
  const pgliteDir = await initialisedPgliteDir(scratch);
  // The key is made before the server opens the embedded store (one process at a time holds it).
  const store = await openServiceStore(storeConfig(testConfig(corpus), "pglite", pgliteDir));
  adminKey = (await store.apiKeys.create("文件管理员", "admin")).key;
  await store.close();
  fake = await startFakeOpenAI();
  await buildApp();
  server = await startServerProcess({
    ...corpus,
    PGLITE_DIR: pgliteDir,
    ANSWER_MODE: "llm",
    OPENAI_API_KEY: "test",
    OPENAI_BASE_URL: fake.baseURL,
    CHAT_MODEL: "fake-chat",
    UPLOAD_MAX_MB: "0.1",
  });
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  await fake?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

function upload(name: string, bytes: Uint8Array | string): Promise<Response> {
  const form = new FormData();
  form.append("file", new Blob([typeof bytes === "string" ? bytes : new Uint8Array(bytes)]), name);
  return fetch(`${server!.url}/api/admin/documents`, { method: "POST", headers: { authorization: `Bearer ${adminKey}` }, body: form });
}

describe("node dist/serve.js, the parts it loads at first use", () => {
  it("answers through the configured chat model in llm mode", async () => {
    fake.replyWith((request) => {
      const prompt = request.body.messages.at(-1)!.content;
      const unit = /\[1\]《[\s\S]*?\n责任单位：([^\n（、]+)/.exec(prompt)?.[1];
      return { text: `新开办企业可以享受公章刻制补贴[1]。责任单位是${unit}[1]。` };
    });
    const response = await fetch(`${server!.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "园区新开办企业刻公章有补贴吗？" }),
    });
    expect(response.status).toBe(200);
    const answer = chatResponseSchema.parse(await response.json());
    expect(fake.requests).toHaveLength(1);
    expect(answer.mode, server!.output().slice(-2000)).toBe("llm");
    expect(answer.answer).toMatch(/^新开办企业可以享受公章刻制补贴\[1\]。责任单位是.+\[1\]。$/);
  });

  it("receives an uploaded plan and checks it, and refuses one over UPLOAD_MAX_MB", async () => {
    const plan = await readFile(path.join(projectRoot, "test/fixtures/admin/kunshan-low-altitude-2025.docx"));
    const accepted = await upload("昆山低空经济.docx", plan);
    const text = await accepted.text();
    expect(accepted.status, text).toBe(202);
    const { jobId } = z.object({ jobId: z.string() }).parse(JSON.parse(text));
    let job: { state: string; report?: unknown } = { state: "queued" };
    for (const started = Date.now(); job.state !== "done" && job.state !== "failed" && Date.now() - started < 120_000; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = await (await fetch(`${server!.url}/api/admin/jobs/${jobId}`, { headers: { authorization: `Bearer ${adminKey}` } })).json();
    }
    expect(job.state, JSON.stringify(job)).toBe("done");
    expect(job.report).toMatchObject({ format: "docx", error: null, metadata: { title: "昆山市2025年低空经济企业服务优化行动方案", year: 2025 } });

    const tooLarge = await upload("方案.txt", "一、".padEnd(60_000, "长"));
    expect(tooLarge.status).toBe(400);
    expect(await tooLarge.text()).toMatch(/larger than the 0\.1 MB limit \(UPLOAD_MAX_MB\)/);
  });

  it("builds the index on a first start with none, and answers from it", async () => {
    const dataDir = path.join(scratch, "first-start");
    // Only the passage-vector cache: the start embeds nothing anew, but writes the whole index.
    await mkdir(path.join(dataDir, "lancedb"), { recursive: true });
    await cp(path.join(shared.dataDir, "lancedb", "embedding-cache"), path.join(dataDir, "lancedb", "embedding-cache"), { recursive: true });
    const first = await startServerProcess({ DATA_DIR: dataDir, PGLITE_DIR: await initialisedPgliteDir(scratch) });
    try {
      expect(first.output()).toMatch(/index built/);
      const response = await fetch(`${first.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ question: "企业注销怎么办理？" }),
      });
      expect(response.status).toBe(200);
      const answer = chatResponseSchema.parse(await response.json());
      expect(answer.answerable, first.output().slice(-2000)).toBe(true);
      expect(answer.citations.length).toBeGreaterThan(0);
    } finally {
      first.child.kill("SIGTERM");
      await first.exited;
    }
  });
});
