/**
 * `npm run bench:load [-- --duration 20] [-- --connections 1,8,32]`: 企问
 * (extractive, no rate limit) and the naive-RAG baseline, each in its own
 * server process, under autocannon at each concurrency in turn, with the
 * team's questions in rotation. 企问 runs with npm start's node flags
 * and environment (build/start-command.ts). Prints req/s, p50/p95/p99, errors, CPU per
 * request and peak RSS of each server, and 企问's rate as a multiple of naive
 * RAG's. The index at INDEX_URI (or DATA_DIR) must exist: `npm run ingest`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { startEnvironment, startFlags } from "../build/start-command.js";
import { loadQuestionSet } from "../eval/question-schema.js";
import { formatTable } from "../src/cli/format-table.js";
import { projectRoot } from "../src/config/app-config.js";

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "20" },
    connections: { type: "string", default: "1,8,32" },
    /** Write a V8 CPU profile of the 企问 server into this folder (read it with bench/summarize-profile.ts). */
    profile: { type: "string" },
  },
});
const duration = Number(values.duration);
const levels = values.connections.split(",").map(Number);
const items = await loadQuestionSet(path.join(projectRoot, "eval", "questions.jsonl"));

interface Server {
  name: string;
  url: string;
  child: ChildProcess;
}

/** The servers' own temporary folder: naive RAG keeps its table there, out of reach of whatever sweeps the shared one. */
const privateTmp = await mkdtemp(path.join(tmpdir(), "qiwen-bench-load-"));

async function startServer(name: string, script: string, args: string[] = [], nodeOptions: string[] = [], environment: Record<string, string> = {}): Promise<Server> {
  const child = spawn(process.execPath, [...nodeOptions, "--import", "tsx", path.join(projectRoot, "bench", "support", script), ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...environment, PORT: "0", TMPDIR: privateTmp },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      output += String(chunk);
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) resolve({ name, url: match[1]!, child });
    });
    child.on("exit", (code) => reject(new Error(`${name} server exited with ${code}`)));
  });
}

/** CPU seconds (user + system) and peak RSS of a process, from /proc. */
async function processUsage(pid: number): Promise<{ cpuSeconds: number; peakRssMb: number }> {
  const stat = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]);
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return { cpuSeconds: ticks / 100, peakRssMb: Math.round(peakKb / 1024) };
}

const percentile = (sorted: number[], fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? NaN;

interface Run {
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  failed: number;
  cpuMsPerRequest: number;
  peakRssMb: number;
}

async function load(server: Server, connections: number, seconds: number): Promise<Run> {
  let next = 0;
  const latencies: number[] = [];
  const before = await processUsage(server.child.pid!);
  const instance = autocannon({
    url: `${server.url}/api/chat`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        setupRequest: (request) => {
          const item = items[next++ % items.length]!;
          return { ...request, body: JSON.stringify({ question: item.question, history: item.history }) };
        },
      },
    ],
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const result = await instance;
  const after = await processUsage(server.child.pid!);
  latencies.sort((a, b) => a - b);
  return {
    rate: result.requests.total / result.duration,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    failed: result.errors + result.timeouts + result.non2xx,
    cpuMsPerRequest: ((after.cpuSeconds - before.cpuSeconds) * 1000) / Math.max(1, result.requests.total),
    peakRssMb: after.peakRssMb,
  };
}

// With npm start's node flags (the young generation's size among them), so the rates are production's.
const qiwenFlags = [...startFlags(), ...(values.profile ? ["--cpu-prof", "--cpu-prof-dir", path.resolve(values.profile)] : [])];
const qiwen = await startServer("企问", "serve-qiwen.ts", [], qiwenFlags, startEnvironment());
const naive = await startServer("naive RAG", "serve-naive-rag.ts", [path.join(tmpdir(), "qiwen-bench-naive-rag-cache")]);
try {
  for (const server of [qiwen, naive]) await load(server, 8, 3); // warm-up: JIT, caches, connections
  const rows: string[][] = [];
  for (const connections of levels) {
    const ours = await load(qiwen, connections, duration);
    const theirs = await load(naive, connections, duration);
    const ms = (value: number) => value.toFixed(1);
    rows.push([
      String(connections),
      ours.rate.toFixed(0),
      `${ms(ours.p50)} / ${ms(ours.p95)} / ${ms(ours.p99)}`,
      String(ours.failed),
      ours.cpuMsPerRequest.toFixed(1),
      theirs.rate.toFixed(0),
      `${ms(theirs.p50)} / ${ms(theirs.p95)} / ${ms(theirs.p99)}`,
      String(theirs.failed),
      theirs.cpuMsPerRequest.toFixed(1),
      `${(ours.rate / theirs.rate).toFixed(2)}×`,
    ]);
    process.stderr.write(`c=${connections} done (企问 peak RSS ${ours.peakRssMb} MB, naive ${theirs.peakRssMb} MB)\n`);
  }
  console.log(`POST /api/chat, extractive, ${duration} s per run, ${items.length} questions in rotation`);
  console.log(
    formatTable(
      ["c", "企问 req/s", "企问 p50 / p95 / p99 ms", "企问 failed", "企问 CPU ms/req", "naive req/s", "naive p50 / p95 / p99 ms", "naive failed", "naive CPU ms/req", "ratio"],
      rows,
      [0, 1, 3, 4, 5, 7, 8, 9],
    ),
  );
  const peak = await processUsage(qiwen.child.pid!);
  console.log(`企问 server peak RSS ${peak.peakRssMb} MB; naive RAG ${(await processUsage(naive.child.pid!)).peakRssMb} MB`);
} finally {
  // Wait for both to exit (a CPU profile is written on exit), but not forever.
  const exited = [qiwen, naive].map((server) => new Promise((resolve) => server.child.once("exit", resolve)));
  qiwen.child.kill("SIGTERM");
  naive.child.kill("SIGTERM");
  await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  await rm(privateTmp, { recursive: true, force: true });
}
