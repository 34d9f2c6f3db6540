import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { runIngest } from "../../ingest/run-ingest.js";
import { chatResponseSchema } from "../../src/answer/chat-schemas.js";
import { catalogSchema } from "../../src/corpus/catalog.js";
import { clauseViewSchema } from "../../src/server/clause-view.js";
import type { RunningServer } from "../../src/server/start-server.js";
import { startTestServer } from "../support/test-store.js";
import { createServices } from "../../src/services/create-services.js";
import { indexManifestSchema } from "../../src/store/index-manifest.js";
import { captureLog } from "../support/capture-log.js";
import { parseChatStream } from "../support/read-sse.js";
import { prepareTestIndex, testConfig } from "../support/test-index.js";

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).strict();
const healthSchema = z.object({
  ready: z.boolean(),
  clauses: z.number(),
  embedder: z.string(),
  mode: z.enum(["extractive", "llm"]),
  indexVersion: z.string().nullable(),
  builtAt: z.string().nullable(),
});
const documentsSchema = z.object({ documents: indexManifestSchema.shape.documents });
const searchSchema = z.object({ results: z.array(clauseViewSchema.extend({ score: z.number() }).strict()) });
const unitGroupsSchema = z.object({
  name: z.string(),
  groups: z.array(z.object({ docId: z.string(), docTitle: z.string(), docShortName: z.string(), clauses: z.array(clauseViewSchema) })),
});

let server: RunningServer;
/** The main server's log lines. */
const serverLog = captureLog();
const startedServers: RunningServer[] = [];
const temporaryDirs: string[] = [];

beforeAll(async () => {
  const { config } = await prepareTestIndex();
  server = await startTestServer({ config, port: 0, app: { webConsole: false, logger: serverLog.logger } });
  startedServers.push(server);
});

afterAll(async () => {
  await Promise.all(startedServers.map((started) => started.close()));
  await Promise.all(temporaryDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function temporaryDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

function postJson(url: string, body: unknown, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
    ...init,
  });
}

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toMatch(/application\/json/);
  const { error } = errorSchema.parse(await response.json());
  expect(error.code).toBe(code);
  expect(error.message).not.toMatch(/\n\s+at /); // never a stack trace
  return error.message;
}

async function getJson<Schema extends z.ZodType>(url: string, schema: Schema): Promise<z.output<Schema>> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return schema.parse(await response.json());
}

describe("POST /api/chat", () => {
  it("answers with citations and units in the ChatResponse shape", async () => {
    const response = await postJson(`${server.url}/api/chat`, { question: "园区新开办企业刻公章有补贴吗？" });
    expect(response.status).toBe(200);
    const answer = chatResponseSchema.parse(await response.json());
    expect(answer.mode).toBe("extractive");
    expect(answer.answerable).toBe(true);
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.map((citation) => citation.ref)).toEqual(answer.citations.map((_, index) => index + 1));
    expect(answer.citations.some((citation) => citation.text.includes("公章刻制补贴"))).toBe(true);
    expect(answer.answer).toContain("[1]");
  });

  it("narrows to the documents in filters", async () => {
    // (企业开办需要多长时间 filtered to snd-2021 sits just under the refusal model's threshold: see issue 9's note.)
    const response = await postJson(`${server.url}/api/chat`, { question: "新开办企业刻章费用有补贴吗？", filters: { docIds: ["snd-2021"] }, topK: 3 });
    const answer = chatResponseSchema.parse(await response.json());
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.length).toBeLessThanOrEqual(3);
    expect(answer.citations.every((citation) => citation.docId === "snd-2021")).toBe(true);
  });

  it.each([
    ["an empty question", { question: "   " }, "question: question must not be empty"],
    ["a 1001-character question", { question: "问".repeat(1001) }, "question: question is at most 1000 characters"],
    ["a question that is not a string", { question: 42 }, "question: question must be a string"],
    ["a missing question", {}, "question: question must be a string"],
    ["topK 0", { question: "企业开办", topK: 0 }, "topK:"],
    ["topK as a string", { question: "企业开办", topK: "5" }, "topK:"],
    ["history that is not a list", { question: "企业开办", history: "earlier" }, "history:"],
    ["a history turn with an unknown role", { question: "企业开办", history: [{ role: "system", content: "x" }] }, "history.0.role:"],
    ["an unknown field", { question: "企业开办", stream: true }, "stream: unknown field"],
  ])("rejects %s with a 400 naming the field", async (_case, body, expected) => {
    const message = await expectError(await postJson(`${server.url}/api/chat`, body), 400, "invalid_request");
    expect(message.startsWith(expected)).toBe(true);
  });

  it("rejects an unknown docId in filters, naming it and the known ids", async () => {
    const message = await expectError(
      await postJson(`${server.url}/api/chat`, { question: "企业开办", filters: { docIds: ["sip-2021", "nowhere-2099"] } }),
      400,
      "invalid_request",
    );
    expect(message).toContain("nowhere-2099");
    expect(message).toContain("sip-2023");
  });

  it("rejects document and region filters that no document satisfies together, naming both", async () => {
    const message = await expectError(
      await postJson(`${server.url}/api/chat`, { question: "企业开办需要多长时间？", filters: { regions: ["相城区"], docIds: ["sip-2021"] } }),
      400,
      "invalid_request",
    );
    expect(message).toMatch(/^filters\.docIds and filters\.regions: no document matches both/);
    expect(message).toContain("sip-2021 is in 苏州工业园区");
    expect(message).toContain("苏州市相城区");
    await expectError(
      await postJson(`${server.url}/api/chat/stream`, { question: "企业开办需要多长时间？", filters: { regions: ["相城区"], docIds: ["sip-2021"] } }),
      400,
      "invalid_request",
    );

    // One of the ids in the region is enough.
    const response = await postJson(`${server.url}/api/chat`, { question: "企业开办需要多长时间？", filters: { regions: ["相城区"], docIds: ["sip-2021", "xiangcheng-2022"] } });
    expect(response.status).toBe(200);
    const answer = chatResponseSchema.parse(await response.json());
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(answer.citations.every((citation) => citation.docId === "xiangcheng-2022")).toBe(true);
  });

  it("rejects malformed JSON and a body that is not JSON", async () => {
    const message = await expectError(await postJson(`${server.url}/api/chat`, '{"question": "企业'), 400, "invalid_json");
    expect(message).toMatch(/^body: malformed JSON/);
    await expectError(await fetch(`${server.url}/api/chat`, { method: "POST", body: "question=企业开办" }), 400, "invalid_request");
  });

  it("rejects a body over the limit with a JSON 413", async () => {
    const history = Array.from({ length: 20 }, () => ({ role: "user", content: "问".repeat(4000) }));
    await expectError(await postJson(`${server.url}/api/chat`, { question: "企业开办", history }), 413, "payload_too_large");
  });
});

describe("POST /api/chat/stream", () => {
  it("sends citations, deltas and done, the deltas adding up to the answer", async () => {
    const response = await postJson(`${server.url}/api/chat/stream`, { question: "一年未报年报且未经营的企业会被吊销吗？" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const events = parseChatStream(await response.text());
    const names = events.map((event) => event.event);
    expect(names[0]).toBe("citations");
    expect(names.at(-1)).toBe("done");
    expect(names.slice(1, -1).length).toBeGreaterThanOrEqual(1);
    expect(names.slice(1, -1).every((name) => name === "delta")).toBe(true);

    const done = events.at(-1)!;
    const citations = events[0]!;
    if (done.event !== "done" || citations.event !== "citations") throw new Error("unreachable");
    const text = events.flatMap((event) => (event.event === "delta" ? [event.data.text] : [])).join("");
    expect(text).toBe(done.data.answer);
    expect(citations.data.citations).toEqual(done.data.citations);
  });

  it("rejects an invalid request with a JSON 400 before streaming", async () => {
    await expectError(await postJson(`${server.url}/api/chat/stream`, { question: "" }), 400, "invalid_request");
  });

  it("keeps serving after a client hangs up mid-stream", async () => {
    const controller = new AbortController();
    const response = await postJson(`${server.url}/api/chat/stream`, { question: "企业注销怎么办理？" }, { signal: controller.signal });
    await response.body!.getReader().read();
    controller.abort();
    const health = await getJson(`${server.url}/api/health`, healthSchema);
    expect(health.ready).toBe(true);
  });
});

describe("rate limit", () => {
  it("answers 429 in JSON once a client passes the chat limit", async () => {
    const config = testConfig({ RATE_LIMIT_CHAT_PER_MIN: "2" });
    const limited = await startTestServer({ config, port: 0, services: { ...server.services, config }, app: { webConsole: false } });
    startedServers.push(limited);
    for (let attempt = 0; attempt < 2; attempt++) await expectError(await postJson(`${limited.url}/api/chat`, { question: "" }), 400, "invalid_request");
    const response = await postJson(`${limited.url}/api/chat/stream`, { question: "企业开办" });
    const message = await expectError(response, 429, "rate_limited");
    expect(message).toMatch(/请求过于频繁.*Too many requests/);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await fetch(`${limited.url}/api/health`)).status).toBe(200); // only /api/chat* is limited
  });
});

describe("GET endpoints", () => {
  it("/api/search ranks clauses with scores, k and docId respected", async () => {
    const { results } = await getJson(`${server.url}/api/search?q=${encodeURIComponent("公章刻制补贴")}&k=3`, searchSchema);
    expect(results.length).toBe(3);
    expect(results[0]!.text).toMatch(/公章|刻章/);
    const filtered = await getJson(`${server.url}/api/search?q=${encodeURIComponent("企业开办")}&k=5&docId=jiading-2023`, searchSchema);
    expect(filtered.results.length).toBeGreaterThan(0);
    expect(filtered.results.every((result) => result.docId === "jiading-2023")).toBe(true);
    const byRegion = await getJson(`${server.url}/api/search?q=${encodeURIComponent("企业开办")}&region=${encodeURIComponent("相城区")}`, searchSchema);
    expect(byRegion.results.length).toBeGreaterThan(0);
    expect(byRegion.results.every((result) => result.region === "苏州市相城区")).toBe(true);
  });

  it("/api/search rejects a missing q, a bad k and an unknown docId", async () => {
    expect(await expectError(await fetch(`${server.url}/api/search`), 400, "invalid_request")).toMatch(/^q:/);
    expect(await expectError(await fetch(`${server.url}/api/search?q=x&k=0`), 400, "invalid_request")).toMatch(/^k:/);
    expect(await expectError(await fetch(`${server.url}/api/search?q=x&docId=nope`), 400, "invalid_request")).toMatch(/^docId: .*nope/);
    const both = await expectError(await fetch(`${server.url}/api/search?q=x&docId=sip-2021&region=${encodeURIComponent("相城区")}`), 400, "invalid_request");
    expect(both).toMatch(/^docId and region: no document matches both/);
  });

  it("/api/documents lists the five plans with clause counts", async () => {
    const { documents } = await getJson(`${server.url}/api/documents`, documentsSchema);
    expect(documents.map((document) => document.id).sort()).toEqual(["jiading-2023", "sip-2021", "sip-2023", "snd-2021", "xiangcheng-2022"]);
    const health = await getJson(`${server.url}/api/health`, healthSchema);
    expect(documents.reduce((sum, document) => sum + document.clauseCount, 0)).toBe(health.clauses);
    for (const document of documents) expect(document.clausesWithUnits).toBeLessThanOrEqual(document.clauseCount);
  });

  it("/api/documents/:id/clauses returns the document's clauses in order; /api/clauses/:id one of them", async () => {
    const body = await getJson(`${server.url}/api/documents/sip-2021/clauses`, z.object({ document: documentsSchema.shape.documents.element, clauses: z.array(clauseViewSchema) }));
    expect(body.document.id).toBe("sip-2021");
    expect(body.clauses.length).toBe(body.document.clauseCount);
    const ordinals = body.clauses.map((clause) => clause.ordinal);
    expect(ordinals).toEqual([...ordinals].sort((a, b) => a - b));
    const first = body.clauses[0]!;
    const { clause } = await getJson(`${server.url}/api/clauses/${encodeURIComponent(first.clauseId)}`, z.object({ clause: clauseViewSchema }));
    expect(clause).toEqual(first);
  });

  it("404s an unknown document, clause and route as JSON", async () => {
    expect(await expectError(await fetch(`${server.url}/api/documents/nope/clauses`), 404, "not_found")).toContain("sip-2021");
    await expectError(await fetch(`${server.url}/api/clauses/${encodeURIComponent("sip-2021:99.99")}`), 404, "not_found");
    await expectError(await fetch(`${server.url}/api/no-such-thing`), 404, "not_found");
  });

  it("answers a wrong method on a known route with a JSON 405 and an Allow header", async () => {
    const response = await postJson(`${server.url}/api/health`, {});
    expect(await expectError(response, 405, "method_not_allowed")).toContain("GET");
    expect(response.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    const wrongOnChat = await fetch(`${server.url}/api/chat`);
    await expectError(wrongOnChat, 405, "method_not_allowed");
    expect(wrongOnChat.headers.get("allow")).toBe("POST, OPTIONS");
    const options = await fetch(`${server.url}/api/documents/sip-2021/clauses`, { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });

  it("answers a path with a malformed percent-escape with a JSON 400, logging no error", async () => {
    const errorsBefore = serverLog.entries().filter((entry) => entry.level === "error").length;
    const message = await expectError(await fetch(`${server.url}/api/clauses/%E0%A4%A`), 400, "invalid_request");
    expect(message).toMatch(/^malformed URL: .*%E0%A4%A/);
    await expectError(await fetch(`${server.url}/api/documents/%E0%A4%A/clauses`), 400, "invalid_request");
    expect(serverLog.entries().filter((entry) => entry.level === "error")).toHaveLength(errorsBefore);
    expect(serverLog.entries().filter((entry) => entry.msg === "request").length, "the requests were logged").toBeGreaterThan(1);
  });

  it("/api/units lists the dictionary; ?name= groups the unit's clauses by document", async () => {
    const { units } = await getJson(`${server.url}/api/units`, z.object({ units: z.array(z.object({ name: z.string(), clauseCount: z.number() })) }));
    expect(units.map((unit) => unit.name)).toContain("区行政审批局");

    const { name, groups } = await getJson(`${server.url}/api/units?name=${encodeURIComponent("行政审批局")}`, unitGroupsSchema);
    expect(name).toBe("行政审批局");
    expect(new Set(groups.map((group) => group.docId)).size).toBe(groups.length);
    expect(groups.length).toBeGreaterThan(1);
    const allUnits = groups.flatMap((group) => group.clauses.flatMap((clause) => clause.units));
    expect(allUnits).toContain("行政审批局");
    expect(allUnits).toContain("区行政审批局"); // containing names match too
    for (const group of groups) {
      for (const clause of group.clauses) {
        expect(clause.docId).toBe(group.docId);
        expect(clause.units.some((unit) => unit.includes("行政审批局"))).toBe(true);
      }
    }
  });

  it("/api/units?name= 404s an unknown unit, suggesting close names", async () => {
    const message = await expectError(await fetch(`${server.url}/api/units?name=${encodeURIComponent("审批服务局")}`), 404, "not_found");
    expect(message).toContain("审批服务局");
    expect(message).toContain("行政审批局");
  });

  it("/api/health reports the index", async () => {
    const health = await getJson(`${server.url}/api/health`, healthSchema);
    expect(health).toMatchObject({ ready: true, mode: "extractive" });
    expect(health.clauses).toBeGreaterThan(200);
    expect(health.embedder).toMatch(/bge-small-zh/);
    expect(health.indexVersion).not.toBeNull();
  });
});

describe("index lifecycle", () => {
  it("answers 503 index_not_ready until an index is built, while /api/health stays 200", async () => {
    const dataDir = await temporaryDir("qiwen-empty-");
    const services = await createServices(testConfig({ DATA_DIR: dataDir }), { embedder: server.services.embedder });
    const empty = await startTestServer({ config: services.config, port: 0, services, app: { webConsole: false } });
    startedServers.push(empty);
    const message = await expectError(await postJson(`${empty.url}/api/chat`, { question: "企业开办" }), 503, "index_not_ready");
    expect(message).toContain("npm run ingest");
    await expectError(await fetch(`${empty.url}/api/documents`), 503, "index_not_ready");
    await expectError(await fetch(`${empty.url}/api/search?q=x`), 503, "index_not_ready");
    expect(await getJson(`${empty.url}/api/health`, healthSchema)).toMatchObject({ ready: false, clauses: 0, indexVersion: null });
  });

  it("picks up a re-ingest into its data folder without a restart", async () => {
    const { config } = await prepareTestIndex();
    const seedsDir = await temporaryDir("qiwen-seeds-");
    const dataDir = await temporaryDir("qiwen-reingest-");
    await cp(config.seedsDir, seedsDir, { recursive: true });
    const catalog = catalogSchema.parse(JSON.parse(await readFile(path.join(seedsDir, "catalog.json"), "utf8")));
    const dropped = catalog.documents.find((document) => document.id === "jiading-2023")!;
    await writeFile(path.join(seedsDir, "catalog.json"), JSON.stringify({ documents: catalog.documents.filter((document) => document !== dropped) }));
    await rm(path.join(seedsDir, dropped.file));

    // The shared embedder caches every seed clause already: these ingests embed nothing new.
    const embedder = server.services.embedder;
    await runIngest({ seedsDir, dataDir, embedder });
    const services = await createServices(testConfig({ DATA_DIR: dataDir }), { embedder });
    const live = await startTestServer({ config: services.config, port: 0, services, app: { webConsole: false } });
    startedServers.push(live);
    const before = await getJson(`${live.url}/api/health`, healthSchema);
    expect((await getJson(`${live.url}/api/documents`, documentsSchema)).documents).toHaveLength(4);

    await runIngest({ seedsDir: config.seedsDir, dataDir, embedder });
    await expect
      .poll(async () => (await getJson(`${live.url}/api/health`, healthSchema)).clauses, { timeout: 10_000, interval: 200 })
      .toBeGreaterThan(before.clauses);
    const after = await getJson(`${live.url}/api/health`, healthSchema);
    expect(after.indexVersion).not.toBe(before.indexVersion);
    expect((await getJson(`${live.url}/api/documents`, documentsSchema)).documents).toHaveLength(5);
    const search = await getJson(`${live.url}/api/search?q=${encodeURIComponent("企业开办")}&docId=jiading-2023`, searchSchema);
    expect(search.results.length).toBeGreaterThan(0);
  });
});
