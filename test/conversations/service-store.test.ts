/**
 * The service store (conversations, answers, feedback, API keys) on both
 * databases it supports, with the same SQL and migrations: PGlite, and the
 * PostgreSQL that CI starts (DATABASE_URL).
 */
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Citation } from "../../src/answer/chat-schemas.js";
import type { AppConfig } from "../../src/config/app-config.js";
import type { NewAnswer } from "../../src/conversations/conversation-store.js";
import { applyMigrations } from "../../src/store-sql/apply-migrations.js";
import { StoreLockedError } from "../../src/store-sql/embedded-store-lock.js";
import { openSqlClient } from "../../src/store-sql/open-sql-client.js";
import { openServiceStore, type ServiceStore } from "../../src/store-sql/service-store.js";
import type { SqlClient } from "../../src/store-sql/sql-client.js";
import { testConfig } from "../support/test-index.js";
import { createTestSchema, openTestStore, pgliteTemplate, postgresSkipReason, postgresUrl, storeConfig } from "../support/test-store.js";

if (!postgresUrl) console.warn(postgresSkipReason);

const DAY_MS = 24 * 60 * 60 * 1000;
const config = testConfig();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function citation(clauseId: string, docId: string, ref = 1): Citation {
  return {
    ref,
    clauseId,
    docId,
    docTitle: "苏州工业园区优化营商环境行动方案",
    region: "苏州工业园区",
    path: "二、（一）3",
    title: "企业注销",
    text: "推行企业注销“一网通办”，由园区行政审批局牵头。",
    textSimplified: null,
    units: ["园区行政审批局"],
    leadUnits: ["园区行政审批局"],
    supportUnits: [],
    deadline: "2021年底前",
    unitText: "责任单位：园区行政审批局",
    score: 0.8,
  };
}

function answer(overrides: Partial<NewAnswer> = {}): NewAnswer {
  return {
    id: randomUUID(),
    conversationId: randomUUID(),
    owner: "client:console-1",
    question: "园区怎么注销公司？",
    answer: "可通过“一网通办”办理注销[1]。",
    answerable: true,
    related: false,
    citations: [citation("sip-2021-m12-p1", "sip-2021")],
    mode: "extractive",
    latencyMs: 21.5,
    filters: null,
    channel: "chat",
    client: "console-1",
    ...overrides,
  };
}

type Backend = "pglite" | "postgres";

/** A store opened by {@link freshStore}: `reopen` opens the same data again, as a restarted server would; `openClient` opens it as plain SQL. */
interface FreshStore {
  store: ServiceStore;
  reopen(): Promise<ServiceStore>;
  openClient(): Promise<SqlClient>;
  storeAt: AppConfig;
}

/** A fresh store on the backend. */
async function freshStore(backend: Backend, clock?: () => Date): Promise<FreshStore> {
  if (backend === "postgres") {
    const { schema, drop } = await createTestSchema(postgresUrl!);
    const storeAt = storeConfig(config, "postgres");
    const open = () => openTestStore(storeAt, { schema, now: clock });
    const store = await open();
    cleanups.push(drop);
    return { store, reopen: open, openClient: () => openSqlClient(storeAt.serviceStore, { schema }), storeAt };
  }
  const dir = await mkdtemp(path.join(tmpdir(), "qiwen-store-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const storeAt = storeConfig(config, "pglite", path.join(dir, "pglite"));
  const store = await openTestStore(storeAt, { loadDataDir: await pgliteTemplate(), now: clock });
  return { store, reopen: () => openTestStore(storeAt, { now: clock }), openClient: () => openSqlClient(storeAt.serviceStore), storeAt };
}

async function withStore(backend: Backend, clock?: () => Date): Promise<FreshStore> {
  const opened = await freshStore(backend, clock);
  cleanups.push(() => opened.store.close());
  return opened;
}

const backends: { backend: Backend; title: string; skip: boolean }[] = [
  { backend: "pglite", title: "PGlite", skip: false },
  { backend: "postgres", title: postgresUrl ? "PostgreSQL" : `PostgreSQL (skipped: ${postgresSkipReason})`, skip: !postgresUrl },
];

for (const { backend, title, skip } of backends) {
  describe.skipIf(skip)(`service store on ${title}`, () => {
    it("keeps a conversation's answers in order with their citations, and lists it for its owner only", async () => {
      const { store } = await withStore(backend);
      const conversationId = randomUUID();
      const first = await store.conversations.recordAnswer(answer({ conversationId }));
      await store.conversations.recordAnswer(answer({ conversationId, question: "那相城区呢？", citations: [citation("xc-2022-m3", "xiangcheng-2022")] }));
      await store.conversations.recordAnswer(answer({ owner: "client:someone-else" }));

      const conversation = await store.conversations.findConversation(conversationId);
      expect(conversation).toMatchObject({ id: conversationId, owner: "client:console-1", title: "园区怎么注销公司？", answers: 2 });
      const turns = await store.conversations.conversationAnswers(conversationId);
      expect(turns.map((turn) => turn.question)).toEqual(["园区怎么注销公司？", "那相城区呢？"]);
      expect(turns[0]!.citations).toEqual(first.citations);
      expect(turns[1]!.citations[0]!.docId).toBe("xiangcheng-2022");

      const listed = await store.conversations.listConversations("client:console-1", 10);
      expect(listed.map((item) => item.id)).toEqual([conversationId]);
      expect(await store.conversations.findConversation(randomUUID())).toBeNull();
    });

    it("rates an answer, replaces the rating, and refuses an unknown answer", async () => {
      const { store } = await withStore(backend);
      const stored = await store.conversations.recordAnswer(answer());
      expect(await store.conversations.saveFeedback(randomUUID(), { rating: "up", reason: null, comment: null })).toBe(false);
      expect(await store.conversations.saveFeedback(stored.id, { rating: "up", reason: null, comment: null })).toBe(true);
      expect(await store.conversations.saveFeedback(stored.id, { rating: "down", reason: "单位不对", comment: "应为市场监管局" })).toBe(true);
      expect((await store.conversations.findAnswer(stored.id))?.feedback).toMatchObject({ rating: "down", reason: "单位不对", comment: "应为市场监管局" });
    });

    it("filters the question log by refusal, rating, document, mode and date, and pages through it", async () => {
      let now = new Date("2025-03-01T08:00:00Z");
      const { store } = await withStore(backend, () => now);
      const tick = () => (now = new Date(now.getTime() + 60_000));
      const answered = await store.conversations.recordAnswer(answer());
      tick();
      const refused = await store.conversations.recordAnswer(answer({ question: "北京中关村的研发补贴有多少？", answerable: false, citations: [], answer: "现有文件未涉及。" }));
      tick();
      const notSettled = await store.conversations.recordAnswer(answer({ question: "园区有没有规定奶茶店营业时间？", answerable: false, related: true }));
      tick();
      const llm = await store.conversations.recordAnswer(answer({ mode: "llm", citations: [citation("jd-2023-m1", "jiading-2023")] }));
      await store.conversations.saveFeedback(llm.id, { rating: "down", reason: null, comment: null });
      await store.conversations.saveFeedback(answered.id, { rating: "up", reason: null, comment: null });

      const ids = async (filter: Parameters<ServiceStore["conversations"]["listAnswers"]>[0]) =>
        (await store.conversations.listAnswers(filter, { limit: 50 })).map((item) => item.id);
      expect(await ids({})).toEqual([llm.id, notSettled.id, refused.id, answered.id]);
      expect(await ids({ refused: true })).toEqual([notSettled.id, refused.id]);
      expect(await ids({ refused: false })).toEqual([llm.id, answered.id]);
      expect(await ids({ rating: "down" })).toEqual([llm.id]);
      expect(await ids({ rating: "up" })).toEqual([answered.id]);
      expect(await ids({ docId: "jiading-2023" })).toEqual([llm.id]);
      expect(await ids({ mode: "llm" })).toEqual([llm.id]);
      expect(await ids({ gapsOnly: true })).toEqual([llm.id, notSettled.id, refused.id]);
      expect(await ids({ from: new Date("2025-03-01T08:01:00Z"), to: new Date("2025-03-01T08:03:00Z") })).toEqual([notSettled.id, refused.id]);

      const firstPage = await store.conversations.listAnswers({}, { limit: 3 });
      const last = firstPage.at(-1)!;
      const secondPage = await store.conversations.listAnswers({}, { limit: 3, after: { createdAt: last.createdAt, id: last.id } });
      expect([...firstPage, ...secondPage].map((item) => item.id)).toEqual([llm.id, notSettled.id, refused.id, answered.id]);
    });

    it("purges answers, their feedback and idle conversations older than the cutoff", async () => {
      let now = new Date("2025-01-01T00:00:00Z");
      const { store } = await withStore(backend, () => now);
      const old = await store.conversations.recordAnswer(answer());
      await store.conversations.saveFeedback(old.id, { rating: "down", reason: null, comment: null });
      now = new Date(now.getTime() + 40 * DAY_MS);
      const recent = await store.conversations.recordAnswer(answer());
      const purged = await store.conversations.purgeBefore(new Date(now.getTime() - 30 * DAY_MS));
      expect(purged).toEqual({ answers: 1, conversations: 1 });
      expect(await store.conversations.findAnswer(old.id)).toBeNull();
      expect(await store.conversations.findConversation(old.conversationId!)).toBeNull();
      expect(await store.conversations.findAnswer(recent.id)).not.toBeNull();
      expect(await store.conversations.listAnswers({ rating: "down" }, { limit: 10 })).toEqual([]);
    });

    it("stores keys hashed: the key verifies, a wrong or revoked one does not, and list never shows a secret", async () => {
      const { store } = await withStore(backend);
      const admin = await store.apiKeys.create("值班主管", "admin");
      const agent = await store.apiKeys.create("坐席 07", "agent");
      expect(await store.apiKeys.verify(admin.key)).toEqual({ id: admin.id, name: "值班主管", role: "admin" });
      expect(await store.apiKeys.verify(`${admin.key.slice(0, -1)}${admin.key.endsWith("A") ? "B" : "A"}`)).toBeNull();
      expect(await store.apiKeys.verify("not-a-key")).toBeNull();
      const listed = await store.apiKeys.list();
      expect(listed.map((key) => key.name)).toEqual(["值班主管", "坐席 07"]);
      expect(JSON.stringify(listed)).not.toContain(agent.key.slice(-43));
      expect((await store.apiKeys.revoke("坐席 07")).map((key) => key.id)).toEqual([agent.id]);
      expect(await store.apiKeys.revoke("坐席 07")).toEqual([]);
      expect(await store.apiKeys.verify(agent.key)).toBeNull();
    });

    it("keeps everything across a close and reopen, and applies no migration twice", async () => {
      const { store, reopen } = await freshStore(backend);
      const stored = await store.conversations.recordAnswer(answer());
      await store.conversations.saveFeedback(stored.id, { rating: "up", reason: null, comment: "清楚" });
      const key = await store.apiKeys.create("坐席 01", "agent");
      await store.close();
      const again = await reopen();
      cleanups.push(() => again.close());
      expect((await again.conversations.findAnswer(stored.id))?.feedback?.comment).toBe("清楚");
      expect((await again.conversations.conversationAnswers(stored.conversationId!)).map((turn) => turn.id)).toEqual([stored.id]);
      expect((await again.apiKeys.verify(key.key))?.name).toBe("坐席 01");
    });

    it("stores a question holding a NUL character (PostgreSQL text cannot) and finds nothing for an id holding one", async () => {
      const { store } = await withStore(backend);
      const stored = await store.conversations.recordAnswer(answer({ question: "企业\u0000注销" }));
      expect((await store.conversations.findAnswer(stored.id))?.question).toBe("企业\uFFFD注销");
      expect(await store.conversations.findAnswer("a\u0000b")).toBeNull();
      expect(await store.conversations.findConversation("a\u0000b")).toBeNull();
      expect(await store.conversations.saveFeedback("a\u0000b", { rating: "up", reason: null, comment: null })).toBe(false);
    });

    it("stores 40 answers given at once, in their conversations and order, and a bad one among them fails alone", async () => {
      let tick = Date.parse("2026-03-02T09:00:00Z");
      // A second apart, as a conversation's turns are: answers given in one millisecond have no order to keep.
      const { store } = await withStore(backend, () => new Date((tick += 1000)));
      const conversations = [randomUUID(), randomUUID(), randomUUID()];
      const given = Array.from({ length: 40 }, (_, index) =>
        answer({ conversationId: conversations[index % 3]!, question: `第${index}个问题`, owner: index % 3 === 2 ? null : "client:console-1" }),
      );
      const duplicate = { ...given[7]!, question: "同一个 id 再存一次" };
      const outcomes = await Promise.allSettled([...given, duplicate].map((item) => store.conversations.recordAnswer(item)));
      expect(outcomes.filter((outcome) => outcome.status === "rejected")).toHaveLength(1);
      expect(outcomes.at(-1)!.status).toBe("rejected");
      for (const [index, id] of conversations.entries()) {
        const turns = await store.conversations.conversationAnswers(id);
        expect(turns.map((turn) => turn.question)).toEqual(given.filter((_, at) => at % 3 === index).map((item) => item.question));
        expect((await store.conversations.findConversation(id))?.title).toBe(`第${index}个问题`);
      }
    });

    it("keeps a transaction whole: a failing one leaves nothing, a statement outside waits for an open one, a SQL error keeps its code", async () => {
      const { store, openClient } = await freshStore(backend);
      await store.close();
      const client = await openClient();
      cleanups.push(() => client.close());
      await client.execScript("CREATE TABLE tx_probe (n int PRIMARY KEY)");
      await expect(
        client.transaction(async (transaction) => {
          await transaction.query("INSERT INTO tx_probe VALUES ($1)", [1]);
          throw new Error("the work failed");
        }),
      ).rejects.toThrow("the work failed");
      expect(await client.query("SELECT count(*)::int AS n FROM tx_probe")).toEqual([{ n: 0 }]);

      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const order: string[] = [];
      const writing = client.transaction(async (transaction) => {
        await transaction.query("INSERT INTO tx_probe VALUES ($1)", [2]);
        await held;
        order.push("committed");
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const reading = client.query("SELECT count(*)::int AS n FROM tx_probe").then((rows) => {
        order.push("read");
        return rows;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      await writing;
      const read = await reading;
      // PGlite has one connection, so the read waits for the transaction (PostgreSQL's pool may read beside it).
      if (backend === "pglite") {
        expect(read).toEqual([{ n: 1 }]);
        expect(order).toEqual(["committed", "read"]);
      }

      const duplicate = await client.query("INSERT INTO tx_probe VALUES ($1)", [2]).catch((error: unknown) => error);
      expect(duplicate).toMatchObject({ code: "23505" });
      expect(await client.query("SELECT n FROM tx_probe")).toEqual([{ n: 2 }]);
    });

    it("reads answers stored before citations had the Traditional-text copy, supporting units, deadline and unit text", async () => {
      const { store, reopen, openClient } = await freshStore(backend);
      const stored = await store.conversations.recordAnswer(answer());
      await store.close();
      // The answer as the first version of the store wrote it: its citation has none of the newer fields.
      const { textSimplified: _simplified, supportUnits: _support, deadline: _deadline, unitText: _unitText, ...before } = stored.citations[0]!;
      const client = await openClient();
      await client.query("UPDATE answers SET citations = $1::jsonb WHERE id = $2", [JSON.stringify([before]), stored.id]);
      await client.close();
      const again = await reopen();
      cleanups.push(() => again.close());
      const [turn] = await again.conversations.conversationAnswers(stored.conversationId!);
      expect(turn?.citations).toEqual([{ ...before, textSimplified: null, supportUnits: [], deadline: null, unitText: null }]);
    });
  });
}

describe("RETENTION_DAYS", () => {
  it("purges what is older when the server opens the store", async () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const { store, storeAt } = await freshStore("pglite", () => now);
    const old = await store.conversations.recordAnswer(answer());
    now = new Date(now.getTime() + 100 * DAY_MS);
    const recent = await store.conversations.recordAnswer(answer());
    await store.close();
    const retained = await openTestStore({ ...storeAt, retentionDays: 90 }, { retention: true, now: () => now });
    cleanups.push(() => retained.close());
    await expect.poll(() => retained.conversations.findAnswer(old.id)).toBeNull();
    expect(await retained.conversations.findAnswer(recent.id)).not.toBeNull();
  });
});

describe("migrations", () => {
  it("refuse a database that a newer version migrated", async () => {
    const client = await openSqlClient({ kind: "pglite", dataDir: "memory://" }, { loadDataDir: await pgliteTemplate() });
    cleanups.push(() => client.close());
    expect(await applyMigrations(client)).toEqual([]);
    await client.query("INSERT INTO schema_migrations (version, file) VALUES (9999, '9999-future.sql')");
    await expect(applyMigrations(client)).rejects.toThrow(/migration 9999, which this version of 企问 does not know/);
  });
});

describe("the server's embedded store (deferEmbeddedStart)", () => {
  it("locks and initialises the folder at open, starts Postgres and migrates at the first query, and serves answers as before", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "qiwen-deferred-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const storeAt = storeConfig(config, "pglite", path.join(dir, "pglite"));
    const store = await openServiceStore(storeAt, { deferEmbeddedStart: true });
    cleanups.push(() => store.close());
    expect(existsSync(path.join(dir, "pglite", "PG_VERSION")), "initdb ran at open, in its child process").toBe(true);
    await expect(openTestStore(storeAt), "a second process is refused before the first query").rejects.toThrow(StoreLockedError);
    const [first, second] = await Promise.all([store.conversations.recordAnswer(answer()), store.conversations.recordAnswer(answer())]);
    expect((await store.conversations.findAnswer(first.id))?.question).toBe(first.question);
    expect(await store.conversations.findAnswer(second.id)).not.toBeNull();
  });
});

describe("the embedded store's lock", () => {
  it("refuses a second process's open of the same folder, and takes over a lock whose process is gone", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "qiwen-lock-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, "pglite");
    const first = await openTestStore(storeConfig(config, "pglite", dataDir), { loadDataDir: await pgliteTemplate() });
    await expect(openTestStore(storeConfig(config, "pglite", dataDir))).rejects.toThrow(StoreLockedError);
    await expect(openTestStore(storeConfig(config, "pglite", dataDir))).rejects.toThrow(/DATABASE_URL/);
    await first.close();
    // A crashed server leaves its lock behind; a PID that no longer runs does not hold it.
    await writeFile(`${dataDir}.lock`, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), startedAt: "2025-01-01T00:00:00Z" }));
    const second = await openTestStore(storeConfig(config, "pglite", dataDir));
    await second.close();
  });
});

afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
