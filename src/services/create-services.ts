import { createAnswerService, type LlmComposer } from "../answer/create-answer-service.js";
import type { AppConfig } from "../config/app-config.js";
import { createCachedEmbedder } from "../embedding/create-embedder.js";
import type { Embedder } from "../embedding/embedder.js";
import { HttpReranker } from "../retrieval/http-reranker.js";
import { createHybridRetriever } from "../retrieval/hybrid-retriever.js";
import { loadLexicon } from "../retrieval/lexicon.js";
import { IndexHandle } from "../store/index-handle.js";
import { openIndexStorage } from "../store/index-storage.js";
import type { QiwenServices } from "./qiwen-services.js";

/**
 * The LLM step, loaded only in llm mode: it brings the openai client and
 * LangChain's prompt templates, which an extractive server would hold in
 * memory unused.
 */
async function loadLlmComposer(settings: NonNullable<AppConfig["llm"]>): Promise<LlmComposer> {
  const { createLlmComposer } = await import("../llm/create-llm-composer.js");
  return createLlmComposer(settings);
}

/**
 * Builds the services once per process: loads the embedding model, opens the
 * index handle and follows new versions (the index itself may be published
 * later: requests then get 503 and readiness fails until it is open),
 * reads the lexicon, and wires the answer pipeline with the LLM when
 * `ANSWER_MODE=llm` (`config.llm`, or a composer passed in, as tests do).
 */
export async function createServices(
  config: AppConfig,
  options: { embedder?: Embedder; llm?: LlmComposer; onLlmFallback?: (reason: string) => void } = {},
): Promise<QiwenServices> {
  const embedder = options.embedder ?? (await createCachedEmbedder(config));
  const index = new IndexHandle(openIndexStorage(config.index));
  const retriever = createHybridRetriever({
    index,
    embedder,
    lexicon: loadLexicon(),
    reranker: config.reranker ? new HttpReranker(config.reranker) : undefined,
    onRerankFallback: (reason) => process.stderr.write(`reranker failed, fused order used: ${reason}\n`),
  });
  const llm = options.llm ?? (config.answerMode === "llm" && config.llm ? await loadLlmComposer(config.llm) : undefined);
  const answers = createAnswerService({
    retriever,
    index,
    llm,
    onLlmFallback: options.onLlmFallback ?? ((reason) => process.stderr.write(`llm answer rejected, extractive answer used: ${reason}\n`)),
  });
  // Open the table and run the model once now, so the first caller does not pay for either.
  await Promise.all([index.current().catch(() => undefined), embedder.embedQuery("企业注销")]);
  index.watch();
  return { config, embedder, index, retriever, answers, mode: llm ? "llm" : "extractive" };
}
