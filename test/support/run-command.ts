import { execFile } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectRoot } from "../../src/config/app-config.js";

const tsx = path.join(projectRoot, "node_modules", ".bin", "tsx");

/** What a command printed and how it exited. */
export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in src/cli like `npm run …` would, with the given environment on top of the test's (no LLM). */
export function runCommand(command: "ingest" | "ask", args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join(projectRoot, "src", "cli", `${command}.ts`), ...args],
      { cwd: projectRoot, env: { ...process.env, OPENAI_API_KEY: "", OPENAI_BASE_URL: "", ANSWER_MODE: "", ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Temporary folders for one test file: `make` one, a `seedsCopy` of the real seeds to change, `removeAll` in afterAll. */
export function scratchDirs() {
  const made: string[] = [];
  const make = async (prefix: string): Promise<string> => {
    const dir = await mkdtemp(path.join(tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
  return {
    make,
    /** A copy of the real seeds: tests never change the repository's seeds/. */
    async seedsCopy(): Promise<string> {
      const dir = await make("qiwen-seeds-");
      await cp(path.join(projectRoot, "seeds"), dir, { recursive: true });
      return dir;
    },
    async removeAll(): Promise<void> {
      await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}
