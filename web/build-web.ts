import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

/** The `web/` folder, whatever the working directory. */
export const webRoot = path.dirname(fileURLToPath(import.meta.url));

/** Where the console is built unless told otherwise (git-ignored). */
export const defaultWebDistDir = path.join(webRoot, "dist");

/** Options for {@link buildWeb}. */
export interface BuildWebOptions {
  /** Output folder; replaced whole. Defaults to `web/dist`. */
  outDir?: string;
  /** Minify the bundle (default true: it is what the browser loads). */
  minify?: boolean;
  /** Write linked source maps next to the bundle (default true; browsers fetch them only with devtools open). */
  sourcemap?: boolean;
}

/**
 * Bundles the console (web/src/main.ts and styles.css, content-hashed, plus
 * index.html pointing at them) and the admin page (web/src/admin, admin.html)
 * into `outDir` and returns its absolute path.
 * The build goes to a staging folder that replaces `outDir` at the end, so a
 * server never serves half a build and two builds at once (parallel test
 * workers) do not interleave their files.
 */
export async function buildWeb(options: BuildWebOptions = {}): Promise<string> {
  const outDir = path.resolve(options.outDir ?? defaultWebDistDir);
  const staging = `${outDir}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    const result = await build({
      entryPoints: {
        app: path.join(webRoot, "src/main.ts"),
        styles: path.join(webRoot, "src/styles.css"),
        admin: path.join(webRoot, "src/admin/admin-main.ts"),
        "admin-styles": path.join(webRoot, "src/admin/admin.css"),
      },
      bundle: true,
      format: "esm",
      // Browsers a government office or a phone plausibly runs; all have ES modules.
      target: ["chrome100", "edge100", "firefox100", "safari15"],
      minify: options.minify ?? true,
      sourcemap: (options.sourcemap ?? true) ? "linked" : false,
      // Chinese text stays as UTF-8 instead of \u escapes: smaller and readable.
      charset: "utf8",
      legalComments: "none",
      entryNames: "[name]-[hash]",
      outdir: staging,
      metafile: true,
      logLevel: "silent",
    });
    const outputs = Object.entries(result.metafile.outputs);
    const fileFor = (entry: string, extension: string) => {
      const found = outputs.find(([file, output]) => file.endsWith(extension) && (output.entryPoint ?? "").endsWith(entry));
      if (!found) throw new Error(`web build produced no ${extension} for ${entry}`);
      return path.basename(found[0]);
    };
    // Each page's template names its bundles: the console at /, the admin page at /admin.
    const pages = [
      { html: "index.html", script: "src/main.ts", styles: "src/styles.css" },
      { html: "admin.html", script: "src/admin/admin-main.ts", styles: "src/admin/admin.css" },
    ];
    for (const page of pages) {
      const template = await readFile(path.join(webRoot, page.html), "utf8");
      const html = template.replace("{{script}}", fileFor(page.script, ".js")).replace("{{styles}}", fileFor(page.styles, ".css"));
      await writeFile(path.join(staging, page.html), html);
    }
    await replaceFolder(staging, outDir);
    return outDir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function replaceFolder(staging: string, outDir: string): Promise<void> {
  await assertIsBuildFolder(outDir);
  await mkdir(path.dirname(outDir), { recursive: true });
  await rm(outDir, { recursive: true, force: true });
  try {
    await rename(staging, outDir);
  } catch (error) {
    // Another build finished between our rm and rename: its output is as good as ours.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
  }
}

// The output folder is deleted before each build: refuse a folder that holds
// files but no index.html, in case outDir was pointed somewhere by mistake.
async function assertIsBuildFolder(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch {
    return;
  }
  if (entries.length > 0 && !entries.includes("index.html")) {
    throw new Error(`refusing to replace ${outDir}: it is not empty and holds no index.html from an earlier web build`);
  }
}

/** Sizes of the files a browser loads on first visit, for the build log. */
async function describeBuild(outDir: string): Promise<string> {
  const files = (await readdir(outDir)).filter((file) => !file.endsWith(".map"));
  const sizes = await Promise.all(files.map(async (file) => `${file} ${((await stat(path.join(outDir, file))).size / 1024).toFixed(1)} KiB`));
  return sizes.join(", ");
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  buildWeb().then(
    async (outDir) => console.log(`web console built in ${outDir}: ${await describeBuild(outDir)}`),
    (error: unknown) => {
      console.error(`web build failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
    },
  );
}
