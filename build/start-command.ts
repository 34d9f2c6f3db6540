/**
 * The node arguments `npm start` runs the compiled server with, read from
 * package.json's start script: the flags are written there only, and the
 * benchmarks and tests that start `node dist/serve.js` "as npm start does"
 * take them from here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const packageFile = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "package.json");
const packageSchema = z.object({ scripts: z.record(z.string(), z.string()).optional() });

/** The words of the start script: `exec node [flags] dist/serve.js`. */
function startScript(): string[] {
  const { scripts } = packageSchema.parse(JSON.parse(readFileSync(packageFile, "utf8")));
  const words = (scripts?.start ?? "").trim().split(/\s+/);
  if (words[0] !== "exec" || words[1] !== "node" || words.at(-1) !== "dist/serve.js") {
    throw new Error(`package.json's start script is not \`exec node [flags] dist/serve.js\`: ${scripts?.start}`);
  }
  return words;
}

/** The node flags `npm start` gives the server (`--enable-source-maps`, the heap's sizes …). */
export function startFlags(): string[] {
  return startScript().slice(2, -1);
}

/** `[...startFlags(), "dist/serve.js"]`: what follows `node` in the start script, relative to the project root. */
export function startArguments(): string[] {
  return startScript().slice(2);
}
