import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseBuildStamp, pruneChunks } from "../../build/prune-chunks.js";

const dirs: string[] = [];
afterAll(async () => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("pruneChunks", () => {
  it("keeps this build's and the previous build's chunks, and deletes older ones", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "qiwen-chunks-"));
    dirs.push(dir);
    for (const name of ["answer-OLD1.js", "answer-PREV.js", "answer-NEW.js"]) await writeFile(path.join(dir, name), "export {};\n");
    expect(await pruneChunks(dir, new Set(["answer-NEW.js", "answer-PREV.js"]))).toEqual(["answer-OLD1.js"]);
    expect((await readdir(dir)).sort()).toEqual(["answer-NEW.js", "answer-PREV.js"]);
  });

  it("does nothing when there is no chunk folder yet", async () => {
    expect(await pruneChunks(path.join(tmpdir(), "qiwen-no-such-folder"), new Set())).toEqual([]);
  });
});

describe("parseBuildStamp", () => {
  it("reads a stamp, an older build's stamp without chunks, and nothing from a damaged file", () => {
    expect(parseBuildStamp('{"fingerprint":"f","builtAt":"t","chunks":["a.js"]}')?.chunks).toEqual(["a.js"]);
    expect(parseBuildStamp('{"fingerprint":"f","builtAt":"t"}')).toEqual({ fingerprint: "f", builtAt: "t", chunks: [] });
    expect(parseBuildStamp("{not json")).toBeNull();
    expect(parseBuildStamp("")).toBeNull();
  });
});
