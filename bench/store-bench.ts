/**
 * What the service store adds to an answer: medians of recording one answer,
 * rating it, and reading the newest 100 of the question log, on PGlite (in a
 * temporary folder) and, when DATABASE_URL is set, on PostgreSQL (in a
 * throwaway schema). Then the main thread's share: the event loop's busy time
 * per answer while 32 are recorded at once, as under load (PGlite's engine
 * runs in a worker thread; what is left is posting and receiving), and the
 * process's CPU time per answer (every thread; answers given together share one statement).
 * Run: `npx tsx bench/store-bench.ts`.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance as nodePerformance } from "node:perf_hooks";
import pg from "pg";
import { loadConfig, type AppConfig } from "../src/config/app-config.js";
import { openServiceStore, type ServiceStore } from "../src/store-sql/service-store.js";

const rounds = 300;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

/** An answer as the server stores one: two citations of a real-sized clause. */
function sampleAnswer(round: string, conversationId: string) {
  const citation = { ref: 1, clauseId: `sip-2021-m${round}`, docId: "sip-2021", docTitle: "苏州工业园区优化营商环境创新行动2021", region: "苏州工业园区", path: "二、（二）6", title: "提升企业开办便利度", text: "对符合条件的新开办企业实施公章刻制补贴政策。".repeat(4), textSimplified: null, units: ["行政审批局"], leadUnits: ["行政审批局"], supportUnits: [], deadline: null, unitText: "责任单位：行政审批局", score: 0.8 };
  return { id: randomUUID(), conversationId, owner: "client:bench-client", question: "园区新开办企业刻公章有补贴吗？", answer: "对符合条件的新开办企业实施公章刻制补贴政策[1]。", answerable: true, related: false, citations: [citation, { ...citation, ref: 2 }], mode: "extractive", latencyMs: 20, filters: null, channel: "chat" as const, client: "bench-client" };
}

async function measure(label: string, store: ServiceStore): Promise<void> {
  const record: number[] = [];
  const rate: number[] = [];
  const conversationId = randomUUID();
  for (let round = 0; round < rounds; round++) {
    const answer = sampleAnswer(String(round), conversationId);
    const id = answer.id;
    record.push(await timed(() => store.conversations.recordAnswer(answer)));
    rate.push(await timed(() => store.conversations.saveFeedback(id, { rating: round % 3 === 0 ? "down" : "up", reason: null, comment: null })));
  }
  const busy: number[] = [];
  const cpu: number[] = [];
  for (let batch = 0; batch < 5; batch++) {
    const before = nodePerformance.eventLoopUtilization();
    const cpuBefore = process.cpuUsage();
    await Promise.all(Array.from({ length: 32 }, (_, index) => store.conversations.recordAnswer(sampleAnswer(`batch-${batch}-${index}`, conversationId))));
    busy.push(nodePerformance.eventLoopUtilization(before).active / 32);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000 / 32);
  }
  const list: number[] = [];
  for (let round = 0; round < 30; round++) list.push(await timed(() => store.conversations.listAnswers({}, { limit: 100 })));
  console.log(`${label.padEnd(11)} record answer p50 ${median(record).toFixed(2)} ms · feedback p50 ${median(rate).toFixed(2)} ms · newest 100 of ${rounds} p50 ${median(list).toFixed(2)} ms · 32 at once: main thread busy ${median(busy).toFixed(2)} ms, process CPU ${median(cpu).toFixed(2)} ms per answer`);
}

const base = loadConfig();
const dir = await mkdtemp(path.join(tmpdir(), "qiwen-store-bench-"));
try {
  const pgliteConfig: AppConfig = { ...base, serviceStore: { kind: "pglite", dataDir: path.join(dir, "pglite") } };
  const started = performance.now();
  const pglite = await openServiceStore(pgliteConfig);
  console.log(`PGlite: first open (initdb in a child process, migrations) ${Math.round(performance.now() - started)} ms`);
  await measure("PGlite", pglite);
  await pglite.close();
  const reopened = performance.now();
  await (await openServiceStore(pgliteConfig)).close();
  console.log(`PGlite: reopen ${Math.round(performance.now() - reopened)} ms`);
} finally {
  await rm(dir, { recursive: true, force: true });
}

if (base.serviceStore.kind === "postgres") {
  const schema = `qiwen_bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: base.serviceStore.url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const store = await openServiceStore(base, { schema });
    await measure("PostgreSQL", store);
    await store.close();
  } finally {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
} else console.log("PostgreSQL: skipped (set DATABASE_URL)");
