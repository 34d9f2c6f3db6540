import type { AppConfig } from "../config/app-config.js";
import type { Embedder } from "./embedder.js";
import { LocalEmbedder } from "./local-embedder.js";
import { OpenAIEmbedder } from "./openai-embedder.js";

/**
 * Builds the embedder the configuration asks for: the local bge-small-zh model
 * (fetched into `config.modelDir` on first use) or an OpenAI-compatible endpoint.
 * Not cached: the ingest wraps it in a CachedEmbedder itself.
 */
export async function createEmbedder(config: AppConfig): Promise<Embedder> {
  const settings = config.embedder;
  switch (settings.kind) {
    case "local":
      return LocalEmbedder.create(config.modelDir);
    case "openai":
      return OpenAIEmbedder.create({ apiKey: settings.apiKey, model: settings.model, baseURL: settings.baseURL });
  }
}
