/**
 * Publishing from the admin page, end to end over HTTP: a server on copies of
 * the seeds and a fresh index (model loaded, as a running server has it)
 * takes a 4 KB plan (test/fixtures/admin, 3.9 KB of UTF-8) as an upload,
 * checks it, and publishes it — the first run adds it, the later ones replace
 * it. Every run's plan has its sentences changed, so its clauses are embedded
 * fresh. Publish time is from the publish request until its job reports done,
 * by when this server serves the new index (polled every 20 ms).
 * Prints medians: `npx tsx bench/publish-bench.ts [runs]`.
 */
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { z } from "zod";
import { runIngest } from "../ingest/run-ingest.js";
import { loadConfig, projectRoot } from "../src/config/app-config.js";
import { createCachedEmbedder } from "../src/embedding/create-embedder.js";
import { startServer } from "../src/server/start-server.js";

const runs = Number(process.argv[2] ?? 5);
const planFile = path.join(projectRoot, "test/fixtures/admin/kunshan-low-altitude-2025.source.txt");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const scratch = await mkdtemp(path.join(tmpdir(), "qiwen-publish-bench-"));
const seedsDir = path.join(scratch, "seeds");
await cp(loadConfig().seedsDir, seedsDir, { recursive: true });
const config = loadConfig({ ...process.env, SEEDS_DIR: seedsDir, DATA_DIR: path.join(scratch, "data"), PGLITE_DIR: "memory://", LOG_LEVEL: "warn", RATE_LIMIT_CHAT_PER_MIN: "0" });
process.stderr.write("building the index of the five seeds (cold)…\n");
await runIngest({ seedsDir, dataDir: config.dataDir, embedder: await createCachedEmbedder(config) });
const server = await startServer({ config, port: 0, app: { webConsole: false } });
const { key } = await server.store.apiKeys.create("bench", "admin");
const headers = { authorization: `Bearer ${key}` };
const jobSchema = z.object({ state: z.string(), stageMs: z.record(z.string(), z.number()), error: z.object({ message: z.string() }).optional() }).loose();

async function untilFinished(jobId: string): Promise<z.infer<typeof jobSchema>> {
  for (;;) {
    const job = jobSchema.parse(await (await fetch(`${server.url}/api/admin/jobs/${jobId}`, { headers })).json());
    if (job.state === "done") return job;
    if (job.state === "failed") throw new Error(`job ${jobId} failed: ${job.error?.message}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const plan = await readFile(planFile, "utf8");
const checkMs: number[] = [];
const publishMs: number[] = [];
const stageMs: Record<string, number[]> = {};
try {
  for (let run = 0; run < runs; run++) {
    const text = plan.replace(/。$/gm, `（第${run + 1}版）。`);
    const form = new FormData();
    form.append("id", "kunshan-2025");
    form.append("file", new Blob([text]), "kunshan-2025.txt");
    let started = performance.now();
    const uploaded = z.object({ uploadId: z.string(), jobId: z.string() }).parse(await (await fetch(`${server.url}/api/admin/documents`, { method: "POST", headers, body: form })).json());
    await untilFinished(uploaded.jobId);
    checkMs.push(performance.now() - started);
    started = performance.now();
    const published = z.object({ jobId: z.string() }).parse(await (await fetch(`${server.url}/api/admin/uploads/${uploaded.uploadId}/publish`, { method: "POST", headers })).json());
    const job = await untilFinished(published.jobId);
    publishMs.push(performance.now() - started);
    for (const [stage, ms] of Object.entries(job.stageMs)) (stageMs[stage] ??= []).push(ms);
    const stages = Object.entries(job.stageMs).map(([stage, ms]) => `${stage} ${ms}`).join(", ");
    process.stderr.write(`run ${run + 1}/${runs}: upload + check ${Math.round(checkMs.at(-1)!)} ms, publish ${Math.round(publishMs.at(-1)!)} ms (${run === 0 ? "add" : "replace"}; ${stages})\n`);
  }
} finally {
  await server.close();
  await rm(scratch, { recursive: true, force: true });
}

const row = (name: string, values: number[]) => `${name.padEnd(44)} median ${String(Math.round(median(values))).padStart(6)} ms   min ${String(Math.round(Math.min(...values))).padStart(6)} ms`;
console.log(`publish benchmark, ${runs} runs, a ${Buffer.byteLength(plan)}-byte plan, node ${process.version}`);
console.log(row("upload + check (POST, check job done)", checkMs));
console.log(row("publish (POST until the new index is served)", publishMs));
for (const [stage, values] of Object.entries(stageMs)) console.log(row(`  of which ${stage}`, values));
