/** A message to a chat model. */
export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** Options for one model call. */
export interface ChatCallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * An OpenAI-compatible chat model (OpenAI, DeepSeek, Qwen, vLLM, Ollama …).
 * The answer layer talks to this interface only, so it can be tested against
 * a local fake server.
 */
export interface ChatModel {
  /** A name for logs and /api/health, e.g. `openai:gpt-4o-mini`. */
  readonly name: string;
  /** The whole reply. */
  complete(messages: readonly ChatMessage[], options?: ChatCallOptions): Promise<string>;
  /** The reply as text deltas. */
  stream(messages: readonly ChatMessage[], options?: ChatCallOptions): AsyncIterable<string>;
}
