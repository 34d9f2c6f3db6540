import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ValidationError } from "../errors/app-errors.js";
import { serverEnvShape, toServerConfig, type ServerConfig } from "./server-config.js";
import { localIndexLocation, parseIndexLocation, type IndexLocation } from "../store/index-location.js";

/** The nearest folder at or above `start` holding a package.json. */
function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/**
 * The project root (where package.json lives), so defaults do not depend on the cwd;
 * found by walking up, as this module runs from src/config under tsx and from dist/ once compiled.
 */
export const projectRoot = findPackageRoot(path.dirname(fileURLToPath(import.meta.url)));

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  /** 127.0.0.1 by default: chat is open unless PUBLIC_CHAT=false, so listening on 0.0.0.0 is a deliberate choice. */
  HOST: z.preprocess(emptyToUndefined, z.string().min(1).default("127.0.0.1")),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default(path.join(projectRoot, "data"))),
  /** Where the index lives: a folder (default DATA_DIR/lancedb) or s3://bucket/prefix, with the standard AWS_* settings. */
  INDEX_URI: z.preprocess(emptyToUndefined, z.string().optional()),
  SEEDS_DIR: z.preprocess(emptyToUndefined, z.string().default(path.join(projectRoot, "seeds"))),
  MODEL_DIR: z.preprocess(emptyToUndefined, z.string().default(path.join(projectRoot, "models"))),
  /** `local` (bge-small-zh, offline) or `openai` (an OpenAI-compatible embeddings endpoint). */
  EMBEDDER: z.preprocess(emptyToUndefined, z.enum(["local", "openai"]).default("local")),
  EMBEDDING_MODEL: z.preprocess(emptyToUndefined, z.string().default("text-embedding-3-small")),
  /** The embeddings endpoint's own key and base URL, apart from the chat model's. */
  EMBEDDING_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  EMBEDDING_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  /** Which one answers: `extractive` (default, offline) or `llm` (needs OPENAI_API_KEY). */
  ANSWER_MODE: z.preprocess(emptyToUndefined, z.enum(["extractive", "llm"]).default("extractive")),
  OPENAI_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  OPENAI_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  CHAT_MODEL: z.preprocess(emptyToUndefined, z.string().default("gpt-4o-mini")),
  LLM_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(20000)),
  /** An optional cross-encoder behind a `/rerank` API (TEI, Xinference, Jina-style): it orders the fused candidates. */
  RERANK_BASE_URL: z.preprocess(emptyToUndefined, z.string().url().optional()),
  RERANK_MODEL: z.preprocess(emptyToUndefined, z.string().default("bge-reranker-v2-m3")),
  RERANK_API_KEY: z.preprocess(emptyToUndefined, z.string().optional()),
  RERANK_TIMEOUT_MS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().default(2000)),
  /** `1` prints stack traces of unexpected CLI errors (they are never sent to HTTP clients). */
  DEBUG_ERRORS: z.preprocess(emptyToUndefined, z.enum(["0", "1"]).default("0")),
  /** A PostgreSQL URL for conversations, feedback and keys; unset, they live in PGlite under PGLITE_DIR. */
  DATABASE_URL: z.preprocess(emptyToUndefined, z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// URL").optional()),
  /** The embedded store's folder (default DATA_DIR/pglite); `memory://` keeps it in memory, gone at exit. */
  PGLITE_DIR: z.preprocess(emptyToUndefined, z.string().optional()),
  PUBLIC_CHAT: z.preprocess(emptyToUndefined, z.enum(["true", "false"], "must be true or false").default("true")),
  STORE_QUESTIONS: z.preprocess(emptyToUndefined, z.enum(["true", "false"], "must be true or false").default("true")),
  RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number().int().positive().optional()),
  /** The largest plan the admin page accepts, in MB. */
  UPLOAD_MAX_MB: z.preprocess(emptyToUndefined, z.coerce.number().positive().max(1024).default(20)),
  ...serverEnvShape,
});

/** Everything configurable, read once from the environment and passed down. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The index location: DATA_DIR/lancedb, another folder, or an object-store prefix (INDEX_URI). */
  index: IndexLocation;
  seedsDir: string;
  modelDir: string;
  embedder: { kind: "local" } | { kind: "openai"; model: string; apiKey: string; baseURL?: string };
  /** Print stack traces of unexpected errors in the command-line tools. */
  debug: boolean;
  /** Who answers: the extractive composer, or the LLM (verified, with extractive fallback). */
  answerMode: "extractive" | "llm";
  /** How to reach the chat model, when OPENAI_API_KEY is set: answers use it in llm mode, `eval --judge` in any mode. */
  llm: { apiKey: string; baseURL?: string; model: string; timeoutMs: number } | null;
  /** Where conversations, feedback and API keys are kept. */
  serviceStore: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };
  /** Chat (and /v1, conversations, feedback) without an API key; false requires one. */
  publicChat: boolean;
  /** False stores no question text (nor the answer text, which may echo it). */
  storeQuestions: boolean;
  /** Stored answers older than this many days are purged (at start and daily); null keeps them. */
  retentionDays: number | null;
  /** Plans uploaded on the admin page: staged in `dir` (DATA_DIR/uploads) until published, at most `maxBytes` each. */
  uploads: { dir: string; maxBytes: number };
  /** The cross-encoder reranker, when RERANK_BASE_URL is set; without it the fused order stands. */
  reranker: { baseURL: string; model: string; apiKey?: string; timeoutMs: number } | null;
  /** The HTTP service: rate limits, trusted proxies, timeouts, logs. */
  server: ServerConfig;
}

/** Parses the environment; a bad value throws a ValidationError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = issue?.path.join(".") ?? "environment";
    throw new ValidationError(`environment variable ${name}: ${issue?.message ?? "invalid"}`, { field: name });
  }
  const vars = parsed.data;
  if (vars.EMBEDDER === "openai" && !vars.EMBEDDING_API_KEY) {
    throw new ValidationError("EMBEDDER=openai needs EMBEDDING_API_KEY (and EMBEDDING_BASE_URL for a server other than OpenAI's)", { field: "EMBEDDING_API_KEY" });
  }
  if (vars.ANSWER_MODE === "llm" && !vars.OPENAI_API_KEY) {
    throw new ValidationError("ANSWER_MODE=llm needs OPENAI_API_KEY (and OPENAI_BASE_URL / CHAT_MODEL for other servers); unset ANSWER_MODE for extractive answers", {
      field: "OPENAI_API_KEY",
    });
  }
  let index: IndexLocation;
  try {
    index = vars.INDEX_URI ? parseIndexLocation(vars.INDEX_URI, env) : localIndexLocation(vars.DATA_DIR);
  } catch (error) {
    throw new ValidationError(`environment variable INDEX_URI: ${(error as Error).message}`, { field: "INDEX_URI" });
  }
  return {
    debug: vars.DEBUG_ERRORS === "1",
    index,
    port: vars.PORT,
    host: vars.HOST,
    dataDir: path.resolve(vars.DATA_DIR),
    seedsDir: path.resolve(vars.SEEDS_DIR),
    modelDir: path.resolve(vars.MODEL_DIR),
    embedder:
      vars.EMBEDDER === "openai"
        ? { kind: "openai", model: vars.EMBEDDING_MODEL, apiKey: vars.EMBEDDING_API_KEY!, baseURL: vars.EMBEDDING_BASE_URL }
        : { kind: "local" },
    answerMode: vars.ANSWER_MODE,
    llm: vars.OPENAI_API_KEY
      ? { apiKey: vars.OPENAI_API_KEY, baseURL: vars.OPENAI_BASE_URL, model: vars.CHAT_MODEL, timeoutMs: vars.LLM_TIMEOUT_MS }
      : null,
    serviceStore: vars.DATABASE_URL
      ? { kind: "postgres", url: vars.DATABASE_URL }
      : { kind: "pglite", dataDir: pgliteDir(vars.PGLITE_DIR, vars.DATA_DIR) },
    publicChat: vars.PUBLIC_CHAT === "true",
    storeQuestions: vars.STORE_QUESTIONS === "true",
    retentionDays: vars.RETENTION_DAYS ?? null,
    uploads: { dir: path.resolve(vars.DATA_DIR, "uploads"), maxBytes: Math.round(vars.UPLOAD_MAX_MB * 1024 * 1024) },
    reranker: vars.RERANK_BASE_URL
      ? { baseURL: vars.RERANK_BASE_URL, model: vars.RERANK_MODEL, apiKey: vars.RERANK_API_KEY, timeoutMs: vars.RERANK_TIMEOUT_MS }
      : null,
    server: toServerConfig(vars),
  };
}

function pgliteDir(setting: string | undefined, dataDir: string): string {
  if (setting === "memory://") return setting;
  return path.resolve(setting ?? path.join(dataDir, "pglite"));
}
