/**
 * Idle memory of the server as a process manager sees it: starts the server
 * the way a command does, waits until /api/health/ready answers, lets it idle,
 * then samples the resident set of its whole process tree (npm, sh, tsx's
 * child …) and of the largest process. Then asks 50 questions and samples
 * again, then the team set's English questions (the first builds the English
 * dictionary index) and samples once more. Prints medians over the runs.
 *
 *   npm run bench:rss                      # `tsx src/cli/serve.ts` (before), `node dist/serve.js`, `npm start`
 *   npm run bench:rss -- --runs 5
 *   npm run bench:rss -- --way dist         # only the ways whose name contains this
 *   DATA_DIR=/tmp/qiwen-scale-100x npm run bench:rss -- --way dist   # a replica of a larger index
 *
 * Needs an index (DATA_DIR, `npm run ingest`) and runs `npm run build` first.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { startArguments, startEnvironment } from "../build/start-command.js";
import { loadQuestionSet } from "../eval/question-schema.js";
import { loadConfig, projectRoot } from "../src/config/app-config.js";
import { openIndexStorage } from "../src/store/index-storage.js";

const runsArgument = process.argv.indexOf("--runs");
const runs = runsArgument > 0 ? Number(process.argv[runsArgument + 1]) : 3;
const wayArgument = process.argv.indexOf("--way");
const wayFilter = wayArgument > 0 ? process.argv[wayArgument + 1]! : "";
const idleMs = 5_000;
const questionCount = 50;

const ways = [
  { name: "tsx src/cli/serve.ts (before)", command: path.join(projectRoot, "node_modules", ".bin", "tsx"), args: ["src/cli/serve.ts"] },
  { name: "node dist/serve.js (what npm start runs)", command: process.execPath, args: startArguments(), env: startEnvironment() },
  { name: "npm start (npm and sh included)", command: "npm", args: ["start", "--silent"] },
];

/** Resident set (or its high-water mark, `VmHWM`) of a process in bytes, 0 once it is gone. */
function rssOf(pid: number, field = "VmRSS"): number {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The process and all its descendants (from /proc, Linux). */
function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = [root];
  for (let index = 0; index < tree.length; index++) tree.push(...(parents.get(tree[index]!) ?? []));
  return tree;
}

function sample(root: number): { total: number; largest: number; peak: number; processes: number } {
  const tree = processTree(root);
  const sizes = tree.map((pid) => rssOf(pid)).filter((size) => size > 0);
  const peak = Math.max(...tree.map((pid) => rssOf(pid, "VmHWM")));
  return { total: sizes.reduce((sum, size) => sum + size, 0), largest: Math.max(...sizes), peak, processes: sizes.length };
}

async function waitForReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ready = await fetch(`${url}/api/health/ready`).then((response) => response.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the server was not ready within 180 s");
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

const config = loadConfig();
if (!(await openIndexStorage(config.index).registry.current())) {
  console.error(`no index at ${config.index.uri}: run \`npm run ingest\` first`);
  process.exit(1);
}
execFileSync(path.join(projectRoot, "node_modules", ".bin", "tsx"), ["build/build-app.ts"], { cwd: projectRoot, stdio: "inherit" });
const teamSet = await loadQuestionSet(path.join(projectRoot, "eval", "questions.jsonl"));
const questions = teamSet.slice(0, questionCount);
const englishQuestions = teamSet.filter((item) => item.kind === "english");

for (const way of ways.filter((candidate) => candidate.name.includes(wayFilter))) {
  const idle: ReturnType<typeof sample>[] = [];
  const warm: ReturnType<typeof sample>[] = [];
  const english: ReturnType<typeof sample>[] = [];
  for (let run = 0; run < runs; run++) {
    const port = 3700 + Math.floor(Math.random() * 200);
    const child = spawn(way.command, way.args, {
      cwd: projectRoot,
      env: { ...process.env, ...("env" in way ? way.env : {}), PORT: String(port), LOG_LEVEL: "warn", RATE_LIMIT_CHAT_PER_MIN: "0" },
      stdio: ["ignore", "ignore", "inherit"],
    });
    try {
      const url = `http://127.0.0.1:${port}`;
      await waitForReady(url, child);
      await new Promise((resolve) => setTimeout(resolve, idleMs));
      idle.push(sample(child.pid!));
      const ask = async (item: (typeof teamSet)[number]) => {
        const response = await fetch(`${url}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ question: item.question, history: item.history }),
        });
        await response.arrayBuffer();
      };
      for (const item of questions) await ask(item);
      warm.push(sample(child.pid!));
      for (const item of englishQuestions) await ask(item);
      english.push(sample(child.pid!));
    } finally {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
    }
  }
  console.log(
    `${way.name}: idle ${megabytes(median(idle.map((s) => s.total)))} in ${idle[0]!.processes} processes (largest ${megabytes(median(idle.map((s) => s.largest)))}); ` +
      `after ${questions.length} questions ${megabytes(median(warm.map((s) => s.total)))} (largest ${megabytes(median(warm.map((s) => s.largest)))}, its peak ${megabytes(median(warm.map((s) => s.peak)))}); ` +
      `then ${englishQuestions.length} English questions ${megabytes(median(english.map((s) => s.total)))} (its peak ${megabytes(median(english.map((s) => s.peak)))}); median of ${runs}`,
  );
}
