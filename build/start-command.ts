/**
 * What `npm start` and `npm run ingest` run, read from package.json's
 * scripts: the node flags and the environment they set are written there
 * only, and the benchmarks and tests that start `node dist/serve.js` (or an
 * ingest) "as npm does" take them from here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const packageFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "package.json");
const packageSchema = z.object({ scripts: z.record(z.string(), z.string()).optional() });
const assignment = /^([A-Z][A-Z0-9_]*)=(\S*)$/;

/** The words of one package.json script. */
function scriptWords(name: string): string[] {
  const { scripts } = packageSchema.parse(JSON.parse(readFileSync(packageFile, "utf8")));
  return (scripts?.[name] ?? "").trim().split(/\s+/);
}

/**
 * The variables a script sets before its command (`MALLOC_ARENA_MAX=2 tsx …`):
 * settings read when a process starts (glibc's allocator), which only the
 * environment can give it.
 */
export function scriptEnvironment(name: string): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const word of scriptWords(name)) {
    const match = assignment.exec(word);
    if (!match) break;
    environment[match[1]!] = match[2]!;
  }
  return environment;
}

/** The words of the start script after its variables: `exec node [flags] dist/serve.js`. */
function startCommand(): string[] {
  const words = scriptWords("start");
  while (words[0] && assignment.test(words[0])) words.shift();
  if (words[0] !== "exec" || words[1] !== "node" || words.at(-1) !== "dist/serve.js") {
    throw new Error(`package.json's start script is not \`[NAME=value …] exec node [flags] dist/serve.js\`: ${scriptWords("start").join(" ")}`);
  }
  return words;
}

/** The node flags `npm start` gives the server (`--enable-source-maps`, the heap's sizes …). */
export function startFlags(): string[] {
  return startCommand().slice(2, -1);
}

/** `[...startFlags(), "dist/serve.js"]`: what follows `node` in the start script, relative to the project root. */
export function startArguments(): string[] {
  return startCommand().slice(2);
}

/** The environment `npm start` adds (see {@link scriptEnvironment}). */
export function startEnvironment(): Record<string, string> {
  return scriptEnvironment("start");
}
