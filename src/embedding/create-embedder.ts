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
      // One passage per model call: int8 activations are quantised per call, so a batched
      // passage's vector would depend on its neighbours (and the cache would keep whichever came first).
      return LocalEmbedder.create(config.modelDir, { batchSize: 1 });
    case "openai":
      return OpenAIEmbedder.create({ apiKey: settings.apiKey, model: settings.model, baseURL: settings.baseURL });
  }
}
