import path from "node:path";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../config/app-config.js";

/**
 * Set by build/build-app.ts in the compiled server only: the sharp-free
 * transformers.js bundle (build/transformers-without-sharp.ts), relative to
 * the project root. Not defined under tsx and vitest.
 */
declare const QIWEN_TRANSFORMERS_BUNDLE: string | undefined;

/**
 * The URL the embedding worker imports transformers.js from: in the compiled
 * server its bundle without sharp (image support the worker never uses costs
 * it resident memory), else the package itself.
 */
export function transformersUrl(): string {
  if (typeof QIWEN_TRANSFORMERS_BUNDLE === "string") return pathToFileURL(path.join(projectRoot, QIWEN_TRANSFORMERS_BUNDLE)).href;
  return import.meta.resolve("@huggingface/transformers");
}
