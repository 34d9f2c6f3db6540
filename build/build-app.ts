/**
 * `npm run build`, and `prestart` before every `npm start`: bundles the server
 * into dist/serve.js (our code only; packages stay in node_modules), a copy of
 * transformers.js without sharp for its embedding worker, and the console and
 * admin page into web/dist, without public source maps. The
 * bundle reads the store's SQL migrations from src/store-sql/migrations at
 * run time (found from the project root, like lexicon/ and prompts/). Skipped in a moment when
 * no input changed since the last build. The previous build's chunks stay beside the new ones, so a
 * server still running from it can import them (see build/prune-chunks.ts).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseBuildStamp, pruneChunks, type BuildStamp } from "./prune-chunks.js";
import { transformersBuildOptions, transformersBundlePath } from "./transformers-without-sharp.js";

/** The project root: this file lives in build/. Not app-config's, to keep the up-to-date check light. */
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const webDistDir = path.join(projectRoot, "web", "dist");

/** The compiled server `npm start` runs. */
export const serverBundle = path.join(projectRoot, "dist", "serve.js");
const stampFile = path.join(projectRoot, "dist", "build-stamp.json");
/** The parts of the server it imports at first use. */
const chunksDir = path.join(projectRoot, "dist", "chunks");
/** What the two bundles are made of: a change to any file under these means a rebuild. */
const inputs = ["src", "ingest", "web/src", "web/index.html", "web/admin.html", "web/build-web.ts", "build", "package.json", "package-lock.json", "tsconfig.json"];

async function listFiles(entry: string): Promise<string[]> {
  const full = path.join(projectRoot, entry);
  const info = await stat(full).catch(() => null);
  if (!info) return [];
  if (!info.isDirectory()) return [entry];
  const names = await readdir(full, { recursive: true, withFileTypes: true });
  return names.filter((name) => name.isFile()).map((name) => path.relative(projectRoot, path.join(name.parentPath, name.name)));
}

/** Paths, sizes and modification times of every input: cheap to compute, and changes with any edit. */
async function fingerprint(): Promise<string> {
  const files = (await Promise.all(inputs.map(listFiles))).flat().sort();
  const hash = createHash("sha256");
  for (const file of files) {
    const info = await stat(path.join(projectRoot, file));
    hash.update(`${file}\0${info.size}\0${info.mtimeMs}\n`);
  }
  return hash.digest("hex");
}

async function upToDate(current: string): Promise<boolean> {
  const pages = ["index.html", "admin.html"].map((page) => path.join(webDistDir, page));
  const outputs = [serverBundle, chunksDir, path.join(projectRoot, transformersBundlePath), ...pages];
  if (!outputs.every((output) => existsSync(output))) return false;
  return parseBuildStamp(await readFile(stampFile, "utf8").catch(() => ""))?.fingerprint === current;
}

async function main(): Promise<void> {
  const started = performance.now();
  const current = await fingerprint();
  if (process.argv.includes("--force") ? false : await upToDate(current)) {
    process.stderr.write("build: up to date\n");
    return;
  }
  // Loaded only when there is something to build: the up-to-date check is what every `npm start` pays.
  const [{ build }, { buildWeb }] = await Promise.all([import("esbuild"), import("../web/build-web.js")]);
  await mkdir(path.dirname(serverBundle), { recursive: true });
  const previous = parseBuildStamp(await readFile(stampFile, "utf8").catch(() => ""));
  const [server] = await Promise.all([
    build({
      entryPoints: [path.join(projectRoot, "src", "cli", "serve.ts")],
      outdir: path.dirname(serverBundle),
      // What the server loads only when used (the LLM step, the openai client, multer …) goes into
      // dist/chunks, so starting the server does not parse it.
      splitting: true,
      chunkNames: "chunks/[name]-[hash]",
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // Native and large packages load from node_modules as they would under tsx.
      packages: "external",
      // For stack traces in the server's own logs (node --enable-source-maps); dist/ is never served.
      sourcemap: "linked",
      // Lines and files only: node reads the map at start, and the sources it would embed (1 MB and more of
      // text kept in memory) are in src/ beside it for whoever reads a trace.
      sourcesContent: false,
      // The embedding worker imports this copy of transformers.js rather than the package (src/embedding/transformers-location.ts).
      define: { QIWEN_TRANSFORMERS_BUNDLE: JSON.stringify(transformersBundlePath) },
      logLevel: "warning",
      metafile: true,
    }),
    build(transformersBuildOptions(projectRoot)),
    buildWeb({ outDir: webDistDir, sourcemap: false }),
  ]);
  // Chunk names carry a content hash: each build's would pile up, and the last one's may be in use.
  const chunks = Object.keys(server.metafile.outputs)
    .map((output) => path.resolve(projectRoot, output))
    .filter((output) => path.dirname(output) === chunksDir)
    .map((output) => path.basename(output));
  await pruneChunks(chunksDir, new Set([...chunks, ...(previous?.chunks ?? [])]));
  const stamp: BuildStamp = { fingerprint: current, builtAt: new Date().toISOString(), chunks };
  await writeFile(stampFile, JSON.stringify(stamp, null, 2));
  process.stderr.write(`build: dist/serve.js and web/dist in ${Math.round(performance.now() - started)} ms\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
