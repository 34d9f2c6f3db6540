import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { startArguments, startEnvironment } from "../../build/start-command.js";
import { projectRoot } from "../../src/config/app-config.js";

const tsx = path.join(projectRoot, "node_modules", ".bin", "tsx");

/** Runs the build `npm start` runs first (dist/serve.js and web/dist), once it is up to date a moment. */
export function buildApp(): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(tsx, [path.join(projectRoot, "build", "build-app.ts")], { cwd: projectRoot, timeout: 120_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`build failed: ${stderr}`)) : resolve(),
    );
  });
}

/** A port that was free a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** The compiled server (`node dist/serve.js`, what `npm start` runs) as a child process. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Everything it wrote to stdout (the JSON log) and stderr so far. */
  output(): string;
  /** Resolves with the exit code and when it happened. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/**
 * Starts `node dist/serve.js` with npm start's node flags and environment, and the environment given on top of the test's, and waits for /api/health/ready.
 * Its service store is PGlite (in PGLITE_DIR, else DATA_DIR/pglite) unless `env` sets DATABASE_URL: a CI
 * database's default schema is not for test servers.
 */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, startArguments(), {
    cwd: projectRoot,
    env: { ...process.env, ...startEnvironment(), OPENAI_API_KEY: "", OPENAI_BASE_URL: "", ANSWER_MODE: "", DATABASE_URL: "", LOG_LEVEL: "info", ...env, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`the server was not ready within 120 s:\n${output}`);
    if (await fetch(`${url}/api/health/ready`).then((response) => response.ok, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, child, output: () => output, exited };
}
