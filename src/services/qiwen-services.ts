import type { AnswerService } from "../answer/answer-service.js";
import type { AppConfig } from "../config/app-config.js";
import type { Embedder } from "../embedding/embedder.js";
import type { Retriever } from "../retrieval/retriever.js";
import type { IndexHandle } from "../store/index-handle.js";

/**
 * Everything the HTTP API, the ask command and the eval need, built once per
 * process by `createServices` (model loaded, index opened) and passed down.
 */
export interface QiwenServices {
  config: AppConfig;
  embedder: Embedder;
  index: IndexHandle;
  retriever: Retriever;
  answers: AnswerService;
  /** `extractive`, or `llm` when a chat model is configured. */
  mode: "extractive" | "llm";
}
