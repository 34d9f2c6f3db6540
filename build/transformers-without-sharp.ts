/**
 * The copy of transformers.js the compiled server's embedding worker imports:
 * the package's Node build bundled again with `sharp` replaced by a stub.
 * transformers.js imports sharp (and with it libvips) as it loads, for image
 * inputs only; 企问 embeds text, so in the worker that is resident memory for
 * nothing. Everything else it imports stays in node_modules.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { BuildOptions, Plugin } from "esbuild";

/** Where the bundle goes, relative to the project root (the server finds it from there). */
export const transformersBundlePath = "dist/vendor/transformers.mjs";

/** Truthy (transformers.js throws at load without an image library) and fails loudly if an image ever reaches it. */
const sharpStub = `export default function sharp() {
  throw new Error("image inputs are not supported: 企问's compiled server bundles transformers.js without sharp");
}
`;

const stubSharp: Plugin = {
  name: "stub-sharp",
  setup(build) {
    build.onResolve({ filter: /^sharp$/ }, () => ({ path: "sharp", namespace: "sharp-stub" }));
    build.onLoad({ filter: /.*/, namespace: "sharp-stub" }, () => ({ contents: sharpStub, loader: "js" }));
  },
};

/** esbuild options for the sharp-free transformers.js bundle under `projectRoot`. */
export function transformersBuildOptions(projectRoot: string): BuildOptions {
  return {
    // The package's ESM Node build, as the worker's `import()` of the package would load it.
    entryPoints: [fileURLToPath(import.meta.resolve("@huggingface/transformers"))],
    outfile: path.join(projectRoot, transformersBundlePath),
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // onnxruntime and the rest load from node_modules, as they do from the package; the plugin runs first.
    packages: "external",
    plugins: [stubSharp],
    logLevel: "warning",
  };
}
