import type { LlmComposer } from "../answer/create-answer-service.js";
import type { AppConfig } from "../config/app-config.js";
import type { ChatModel } from "./chat-model.js";
import { composeLlmAnswer } from "./compose-llm-answer.js";
import { OpenAIChatModel } from "./openai-chat-model.js";

/**
 * The answer service's LLM step for `config.llm`: composeLlmAnswer over an
 * OpenAIChatModel (or the given model), with the configured timeout.
 */
export function createLlmComposer(settings: NonNullable<AppConfig["llm"]>, chatModel: ChatModel = new OpenAIChatModel(settings)): LlmComposer {
  return (input) => composeLlmAnswer({ ...input, chatModel, timeoutMs: settings.timeoutMs });
}
