import { mkdtemp, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildWeb } from "../../web/build-web.js";

const scratch = await mkdtemp(path.join(os.tmpdir(), "qiwen-web-build-"));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe("buildWeb", () => {
  it("bundles the console into a self-contained folder small enough to load fast", async () => {
    const outDir = await buildWeb({ outDir: path.join(scratch, "dist") });
    expect(path.isAbsolute(outDir)).toBe(true);
    const html = await readFile(path.join(outDir, "index.html"), "utf8");
    const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((match) => match[1]!);
    expect(assets).toHaveLength(2);
    let total = 0;
    for (const asset of assets) total += (await stat(path.join(outDir, asset))).size;
    // Budget for the first visit, uncompressed: well under a second even on a slow intranet.
    expect(total).toBeLessThan(120 * 1024);
    // No fonts, scripts or styles from elsewhere: the deployment may be offline.
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of assets) expect(await readFile(path.join(outDir, asset), "utf8")).not.toMatch(/(?:src|href|url)\(?=?["']?https?:\/\//);
  });

  it("replaces an earlier build instead of piling up files", async () => {
    const outDir = path.join(scratch, "dist");
    await writeFile(path.join(outDir, "app-OLD.js"), "old");
    await buildWeb({ outDir, sourcemap: false });
    const files = await readdir(outDir);
    expect(files).not.toContain("app-OLD.js");
    expect(files.filter((file) => file.endsWith(".map"))).toEqual([]);
  });

  it("refuses to wipe a folder that is not a web build", async () => {
    const elsewhere = path.join(scratch, "precious");
    await buildWeb({ outDir: elsewhere });
    await rm(path.join(elsewhere, "index.html"));
    await expect(buildWeb({ outDir: elsewhere })).rejects.toThrow(/refusing to replace/);
  });
});
