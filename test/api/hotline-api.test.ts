/**
 * The hotline service over HTTP, on the real index and pipeline: stored
 * answers with ids, conversations a caller can reopen, feedback, API keys
 * with roles, and the admin question log, gap report and export.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { chatResponseSchema, citationSchema } from "../../src/answer/chat-schemas.js";
import type { RunningServer } from "../../src/server/start-server.js";
import type { ServiceStore } from "../../src/store-sql/service-store.js";
import { parseChatStream } from "../support/read-sse.js";
import { noRateLimits, prepareTestIndex, testConfig } from "../support/test-index.js";
import { openTestStore, startTestServer } from "../support/test-store.js";

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).strict();
const storedResponseSchema = chatResponseSchema.extend({ id: z.uuid(), conversationId: z.uuid() });
const answerViewSchema = z.object({
  answerId: z.string(),
  conversationId: z.string().nullable(),
  question: z.string().nullable(),
  answer: z.string().nullable(),
  answerable: z.boolean(),
  related: z.boolean(),
  citations: z.array(citationSchema),
  mode: z.string(),
  latencyMs: z.number(),
  channel: z.enum(["chat", "stream", "openai"]),
  client: z.string().nullable(),
  createdAt: z.iso.datetime(),
  rating: z.enum(["up", "down"]).nullable(),
  reason: z.string().nullable(),
  comment: z.string().nullable(),
});
const conversationSchema = z.object({ conversation: z.object({ id: z.string(), title: z.string().nullable(), answers: z.number() }), turns: z.array(answerViewSchema) });
const conversationListSchema = z.object({ conversations: z.array(z.object({ id: z.string(), title: z.string().nullable(), answers: z.number(), updatedAt: z.string() })) });
const questionsSchema = z.object({ items: z.array(answerViewSchema), next: z.string().nullable() });
const gapsSchema = z.object({
  total: z.number(),
  withoutText: z.number(),
  kinds: z.object({ refused: z.number(), not_covered: z.number(), down: z.number() }),
  topics: z.array(
    z.object({
      label: z.string(),
      terms: z.array(z.string()),
      count: z.number(),
      examples: z.array(z.object({ answerId: z.string(), question: z.string(), kind: z.enum(["refused", "not_covered", "down"]) })),
    }),
  ),
});

let server: RunningServer;
let store: ServiceStore;
let adminKey: string;
let agentKey: string;
const started: RunningServer[] = [];

beforeAll(async () => {
  await prepareTestIndex();
  const config = testConfig(noRateLimits);
  store = await openTestStore(config);
  server = await startTestServer({ config, port: 0, store, app: { webConsole: false } });
  started.push(server);
  adminKey = (await store.apiKeys.create("值班主管", "admin")).key;
  agentKey = (await store.apiKeys.create("坐席 07", "agent")).key;
});

afterAll(async () => {
  await Promise.all(started.map((running) => running.close()));
  await store.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}, base = server.url): Promise<Response> {
  return fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
}

async function expectError(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  const { error } = errorSchema.parse(await response.json());
  expect(error.code).toBe(code);
  return error.message;
}

async function ok<Schema extends z.ZodType>(response: Response | Promise<Response>, schema: Schema): Promise<z.output<Schema>> {
  const resolved = await response;
  expect(resolved.status, await resolved.clone().text()).toBe(200);
  return schema.parse(await resolved.json());
}

const admin = () => ({ authorization: `Bearer ${adminKey}` });

describe("stored answers and conversations", () => {
  it("returns the answer's id and a new conversation, continues it, and lists it for the same client only", async () => {
    const client = { "x-client-id": "console-test-aaaa" };
    const first = await ok(post("/api/chat", { question: "我们刚在园区开了公司，想把公司关掉要怎么办？" }, client), storedResponseSchema);
    expect(first.answerable).toBe(true);
    const followUp = await ok(post("/api/chat", { question: "那相城区呢？", conversationId: first.conversationId, history: [{ role: "user", content: "我们刚在园区开了公司，想把公司关掉要怎么办？" }, { role: "assistant", content: first.answer }] }, client), storedResponseSchema);
    expect(followUp.conversationId).toBe(first.conversationId);
    expect(followUp.id).not.toBe(first.id);

    const { conversations } = await ok(fetch(`${server.url}/api/conversations`, { headers: client }), conversationListSchema);
    expect(conversations.map((conversation) => conversation.id)).toEqual([first.conversationId]);
    expect(conversations[0]).toMatchObject({ title: "我们刚在园区开了公司，想把公司关掉要怎么办？", answers: 2 });

    const reopened = await ok(fetch(`${server.url}/api/conversations/${first.conversationId}`, { headers: client }), conversationSchema);
    expect(reopened.turns.map((turn) => turn.question)).toEqual(["我们刚在园区开了公司，想把公司关掉要怎么办？", "那相城区呢？"]);
    expect(reopened.turns[0]!.answer).toBe(first.answer);
    expect(reopened.turns[0]!.citations).toEqual(first.citations);
    expect(reopened.turns[1]!.citations.map((citation) => citation.clauseId)).toEqual(followUp.citations.map((citation) => citation.clauseId));

    // Another client neither sees nor continues it.
    const stranger = { "x-client-id": "console-test-bbbb" };
    expect((await ok(fetch(`${server.url}/api/conversations`, { headers: stranger }), conversationListSchema)).conversations).toEqual([]);
    await expectError(await fetch(`${server.url}/api/conversations/${first.conversationId}`, { headers: stranger }), 404, "not_found");
    expect(await expectError(await post("/api/chat", { question: "企业开办", conversationId: first.conversationId }, stranger), 404, "not_found")).toMatch(/^conversationId:/);
  });

  it("stores a streamed answer too: its done event carries the id and conversation", async () => {
    const response = await post("/api/chat/stream", { question: "高新区企业开办需要几个工作日？" }, { "x-client-id": "console-test-stream" });
    const events = parseChatStream(await response.text());
    const done = events.at(-1)!;
    expect(done.event).toBe("done");
    const payload = storedResponseSchema.parse(done.data);
    const { turns } = await ok(fetch(`${server.url}/api/conversations/${payload.conversationId}`, { headers: { "x-client-id": "console-test-stream" } }), conversationSchema);
    expect(turns).toHaveLength(1);
    expect(turns[0]).toMatchObject({ answerId: payload.id, channel: "stream", answer: payload.answer });
  });

  it("rejects a conversationId that is not one, a bad client id, and a list without any caller id", async () => {
    expect(await expectError(await post("/api/chat", { question: "企业开办", conversationId: "42" }), 400, "invalid_request")).toMatch(/^conversationId:/);
    expect(await expectError(await post("/api/chat", { question: "企业开办" }, { "x-client-id": "<script>" }), 400, "invalid_request")).toMatch(/X-Client-Id/);
    expect(await expectError(await fetch(`${server.url}/api/conversations`), 400, "invalid_request")).toMatch(/X-Client-Id/);
    await expectError(await fetch(`${server.url}/api/conversations/00000000-0000-4000-8000-000000000000`), 404, "not_found");
  });
});

describe("feedback", () => {
  it("rates an answer by its id, replaces the rating, and answers 404 for an unknown id and 400 for a bad rating", async () => {
    const answer = await ok(post("/api/chat", { question: "园区新开办企业刻公章有补贴吗？" }), storedResponseSchema);
    await ok(post("/api/feedback", { answerId: answer.id, rating: "up" }), z.object({ feedback: z.object({ rating: z.literal("up") }) }));
    await ok(post("/api/feedback", { answerId: answer.id, rating: "down", reason: "单位不对", comment: "补贴由市场监管局发放" }), z.unknown());
    const { item } = await ok(fetch(`${server.url}/api/admin/questions/${answer.id}`, { headers: admin() }), z.object({ item: answerViewSchema }));
    expect(item).toMatchObject({ rating: "down", reason: "单位不对", comment: "补贴由市场监管局发放" });

    expect(await expectError(await post("/api/feedback", { answerId: "no-such-answer", rating: "up" }), 404, "not_found")).toMatch(/^answerId:/);
    expect(await expectError(await post("/api/feedback", { answerId: answer.id, rating: "meh" }), 400, "invalid_request")).toMatch(/rating/);
    expect(await expectError(await post("/api/feedback", { rating: "up" }), 400, "invalid_request")).toMatch(/answerId/);
  });
});

describe("API keys", () => {
  it("accepts a key as Bearer or X-API-Key, names the caller by it, and refuses an invalid key with 401", async () => {
    const answer = await ok(post("/api/chat", { question: "企业注销怎么办理？" }, { "x-api-key": agentKey }), storedResponseSchema);
    const { item } = await ok(fetch(`${server.url}/api/admin/questions/${answer.id}`, { headers: admin() }), z.object({ item: answerViewSchema }));
    expect(item.client).toBe("坐席 07");
    const { conversations } = await ok(fetch(`${server.url}/api/conversations`, { headers: { authorization: `Bearer ${agentKey}` } }), conversationListSchema);
    expect(conversations.map((conversation) => conversation.id)).toContain(answer.conversationId);

    const wrong = await post("/api/chat", { question: "企业开办" }, { authorization: `Bearer ${agentKey.slice(0, -2)}xx` });
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
    await expectError(wrong, 401, "unauthorized");
    // A token that is not a 企问 key (a proxy's Basic credentials, an OpenAI client's placeholder) is no key at all while chat is public.
    expect((await fetch(`${server.url}/api/health`, { headers: { authorization: "Basic dXNlcjpwYXNz" } })).status).toBe(200);
    await expectError(await fetch(`${server.url}/api/admin/gaps`, { headers: { authorization: "Bearer sk-placeholder" } }), 401, "unauthorized");
    const revoked = await store.apiKeys.create("离职坐席", "agent");
    await store.apiKeys.revoke("离职坐席");
    await expectError(await post("/api/chat", { question: "企业开办" }, { authorization: `Bearer ${revoked.key}` }), 401, "unauthorized");
  });

  it("admin routes answer 401 without a key and 403 with an agent's", async () => {
    for (const path of ["/api/admin/questions", "/api/admin/questions/x", "/api/admin/gaps", "/api/admin/export?format=csv"]) {
      await expectError(await fetch(`${server.url}${path}`), 401, "unauthorized");
      await expectError(await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${agentKey}` } }), 403, "forbidden");
    }
  });

  it("with PUBLIC_CHAT=false, chat needs a key while the documents stay open", async () => {
    const closed = await startTestServer({
      config: { ...server.services.config, publicChat: false },
      services: { ...server.services, config: { ...server.services.config, publicChat: false } },
      store,
      port: 0,
      app: { webConsole: false },
    });
    started.push(closed);
    expect(await expectError(await post("/api/chat", { question: "企业开办" }, {}, closed.url), 401, "unauthorized")).toMatch(/PUBLIC_CHAT/);
    await expectError(await post("/api/chat/stream", { question: "企业开办" }, {}, closed.url), 401, "unauthorized");
    await expectError(await post("/api/feedback", { answerId: "x", rating: "up" }, {}, closed.url), 401, "unauthorized");
    expect(await expectError(await post("/api/chat", { question: "企业开办" }, { authorization: "Bearer sk-placeholder" }, closed.url), 401, "unauthorized")).toMatch(/not a 企问 API key/);
    await ok(post("/api/chat", { question: "企业开办" }, { authorization: `Bearer ${agentKey}` }, closed.url), storedResponseSchema);
    expect((await fetch(`${closed.url}/api/documents`)).status).toBe(200);
  });
});

describe("admin: question log, gaps and export", () => {
  const outOfScope = ["员工社保缴费基数是按什么算的？", "社保基数上下限是多少？", "公司给员工交社保按什么标准？", "国外客户来苏州考察，旅游签证怎么办？", "外国客户来考察要办什么签证？"];
  const answered: string[] = [];

  beforeAll(async () => {
    for (const question of outOfScope) {
      const response = await ok(post("/api/chat", { question }, { "x-client-id": "console-gaps" }), storedResponseSchema);
      expect(response.answerable, question).toBe(false);
    }
    const disliked = await ok(post("/api/chat", { question: "水电气网报装有哪些便利措施？" }), storedResponseSchema);
    await ok(post("/api/feedback", { answerId: disliked.id, rating: "down", reason: "答非所问" }), z.unknown());
    answered.push(disliked.id);
  });

  it("filters questions by refusal, rating, document and mode, newest first, and pages with next", async () => {
    const refused = await ok(fetch(`${server.url}/api/admin/questions?refused=true`, { headers: admin() }), questionsSchema);
    expect(refused.items.slice(0, 5).map((item) => item.question)).toEqual([...outOfScope].reverse());
    expect(refused.items.every((item) => !item.answerable)).toBe(true);
    const down = await ok(fetch(`${server.url}/api/admin/questions?rating=down`, { headers: admin() }), questionsSchema);
    expect(down.items.map((item) => item.answerId)).toContain(answered[0]);
    expect(down.items.every((item) => item.rating === "down")).toBe(true);
    const byDocument = await ok(fetch(`${server.url}/api/admin/questions?docId=xiangcheng-2022`, { headers: admin() }), questionsSchema);
    expect(byDocument.items.length).toBeGreaterThan(0);
    expect(byDocument.items.every((item) => item.citations.some((citation) => citation.docId === "xiangcheng-2022"))).toBe(true);
    expect((await ok(fetch(`${server.url}/api/admin/questions?mode=llm`, { headers: admin() }), questionsSchema)).items).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await ok(fetch(`${server.url}/api/admin/questions?from=2000-01-01&to=2000-01-02`, { headers: admin() }), questionsSchema)).items).toEqual([]);
    expect((await ok(fetch(`${server.url}/api/admin/questions?from=${today}`, { headers: admin() }), questionsSchema)).items.length).toBeGreaterThan(5);

    const firstPage = await ok(fetch(`${server.url}/api/admin/questions?limit=2`, { headers: admin() }), questionsSchema);
    const secondPage = await ok(fetch(`${server.url}/api/admin/questions?limit=2&after=${firstPage.next}`, { headers: admin() }), questionsSchema);
    expect(secondPage.items).toHaveLength(2);
    expect(secondPage.items[0]!.createdAt <= firstPage.items[1]!.createdAt).toBe(true);
    expect(secondPage.items.map((item) => item.answerId)).not.toContain(firstPage.items[1]!.answerId);

    expect(await expectError(await fetch(`${server.url}/api/admin/questions?rating=meh`, { headers: admin() }), 400, "invalid_request")).toMatch(/rating/);
    expect(await expectError(await fetch(`${server.url}/api/admin/questions?from=yesterday`, { headers: admin() }), 400, "invalid_request")).toMatch(/from/);
    expect(await expectError(await fetch(`${server.url}/api/admin/questions?after=junk`, { headers: admin() }), 400, "invalid_request")).toMatch(/after/);
    await expectError(await fetch(`${server.url}/api/admin/questions/no-such-answer`, { headers: admin() }), 404, "not_found");
  });

  it("groups refused and 👎 questions by topic, with counts, key terms and examples", async () => {
    const report = await ok(fetch(`${server.url}/api/admin/gaps`, { headers: admin() }), gapsSchema);
    expect(report.kinds.down).toBeGreaterThanOrEqual(1);
    const topicOf = (question: string) => report.topics.find((topic) => topic.examples.some((example) => example.question === question));
    const socialInsurance = topicOf("社保基数上下限是多少？")!;
    expect(socialInsurance.examples.map((example) => example.question)).toEqual(expect.arrayContaining(outOfScope.slice(0, 3)));
    expect(socialInsurance.terms).toContain("社保");
    const visa = topicOf("外国客户来考察要办什么签证？")!;
    expect(visa).not.toBe(socialInsurance);
    expect(visa.examples.map((example) => example.question)).toEqual(expect.arrayContaining(outOfScope.slice(3)));
    expect(visa.terms).toContain("签证");
    expect(topicOf("水电气网报装有哪些便利措施？")!.examples.find((example) => example.question === "水电气网报装有哪些便利措施？")!.kind).toBe("down");
    // Topics are ordered by size.
    expect(report.topics.map((topic) => topic.count)).toEqual([...report.topics.map((topic) => topic.count)].sort((a, b) => b - a));
  });

  it("exports the log as CSV (Excel-readable, formulas defused) and JSONL", async () => {
    await ok(post("/api/chat", { question: "=HYPERLINK(\"http://example.invalid\") 企业开办" }), storedResponseSchema);
    const csv = await fetch(`${server.url}/api/admin/export?format=csv`, { headers: admin() });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/attachment; filename="?qiwen-questions-\d{4}-\d{2}-\d{2}\.csv"?/);
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // TextDecoder drops the byte-order mark checked above.
    const text = new TextDecoder().decode(bytes);
    expect(text.split("\r\n")[0]).toMatch(/^answerId,createdAt,conversationId,question,answer,answerable/);
    expect(text).toContain("社保基数上下限是多少？");
    expect(text).toContain(`"'=HYPERLINK(""http://example.invalid"") 企业开办"`);

    const jsonl = await fetch(`${server.url}/api/admin/export?format=jsonl&refused=true`, { headers: admin() });
    const lines = (await jsonl.text()).trim().split("\n").map((line) => answerViewSchema.parse(JSON.parse(line)));
    expect(lines.length).toBeGreaterThanOrEqual(outOfScope.length);
    expect(lines.every((line) => !line.answerable)).toBe(true);
    expect(await expectError(await fetch(`${server.url}/api/admin/export?format=xlsx`, { headers: admin() }), 400, "invalid_request")).toMatch(/format/);
  });
});

describe("STORE_QUESTIONS=false", () => {
  it("stores the answer's facts but neither the question nor the answer text", async () => {
    const config = { ...server.services.config, storeQuestions: false };
    const ownStore = await openTestStore(config);
    const privateServer = await startTestServer({ config, services: { ...server.services, config }, store: ownStore, port: 0, app: { webConsole: false } });
    started.push(privateServer);
    const key = (await ownStore.apiKeys.create("审计", "admin")).key;
    const answer = await ok(post("/api/chat", { question: "园区新开办企业刻公章有补贴吗？" }, { "x-client-id": "console-private" }, privateServer.url), storedResponseSchema);
    expect(answer.answer.length).toBeGreaterThan(0);
    const { item } = await ok(fetch(`${privateServer.url}/api/admin/questions/${answer.id}`, { headers: { authorization: `Bearer ${key}` } }), z.object({ item: answerViewSchema }));
    expect(item).toMatchObject({ question: null, answer: null, answerable: true });
    expect(item.citations.map((citation) => citation.clauseId)).toEqual(answer.citations.map((citation) => citation.clauseId));
    const { conversations } = await ok(fetch(`${privateServer.url}/api/conversations`, { headers: { "x-client-id": "console-private" } }), conversationListSchema);
    expect(conversations[0]!.title).toBeNull();
    await ownStore.close();
  });
});
