import type { AppConfig } from "../config/app-config.js";
import { CachedEmbedder, type CachedEmbedderOptions } from "./cached-embedder.js";
import type { Embedder } from "./embedder.js";
import { LocalEmbedder, type LocalEmbedderOptions } from "./local-embedder.js";
import { openIndexStorage } from "../store/index-storage.js";

/** How the embedder is built: when a local model is loaded (see {@link LocalEmbedderOptions}). */
export type CreateEmbedderOptions = Pick<LocalEmbedderOptions, "load">;

/**
 * Builds the embedder the configuration asks for: the local bge-small-zh model
 * (fetched into `config.modelDir` on first use) or an OpenAI-compatible endpoint.
 * Uncached: see `createCachedEmbedder` for what the ingest and the server use.
 */
export async function createEmbedder(config: AppConfig, options: CreateEmbedderOptions = {}): Promise<Embedder> {
  const settings = config.embedder;
  switch (settings.kind) {
    case "local":
      return LocalEmbedder.create(config.modelDir, { load: options.load });
    case "openai": {
      // Loaded only when configured: the openai client is memory a local-model server would hold unused.
      const { OpenAIEmbedder } = await import("./openai-embedder.js");
      return OpenAIEmbedder.create({ apiKey: settings.apiKey, model: settings.model, baseURL: settings.baseURL });
    }
  }
}

/** The configured embedder behind the passage-vector cache beside the index: what ingest, server and eval use. */
export async function createCachedEmbedder(config: AppConfig, options: CachedEmbedderOptions & CreateEmbedderOptions = {}): Promise<CachedEmbedder> {
  return new CachedEmbedder(await createEmbedder(config, { load: options.load }), openIndexStorage(config.index).embeddingCache, options);
}
