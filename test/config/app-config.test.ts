import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/app-config.js";
import { ValidationError } from "../../src/errors/app-errors.js";

describe("loadConfig: who answers and how embeddings are reached", () => {
  it("answers extractively unless ANSWER_MODE=llm, even when a chat key is set (the judge may still use it)", () => {
    const config = loadConfig({ OPENAI_API_KEY: "sk-test" });
    expect(config.answerMode).toBe("extractive");
    expect(config.llm).toMatchObject({ apiKey: "sk-test" });
    expect(loadConfig({ OPENAI_API_KEY: "sk-test", ANSWER_MODE: "llm" }).answerMode).toBe("llm");
  });

  it("says what is missing when llm answers are asked for without a key", () => {
    expect(() => loadConfig({ ANSWER_MODE: "llm" })).toThrow(ValidationError);
    expect(() => loadConfig({ ANSWER_MODE: "llm" })).toThrow(/ANSWER_MODE=llm needs OPENAI_API_KEY/);
    expect(() => loadConfig({ ANSWER_MODE: "gpt" })).toThrow(/ANSWER_MODE/);
  });

  it("gives embeddings their own key and base URL, apart from the chat model's", () => {
    const config = loadConfig({
      EMBEDDER: "openai",
      EMBEDDING_API_KEY: "embed-key",
      EMBEDDING_BASE_URL: "http://127.0.0.1:9/v1",
      OPENAI_API_KEY: "chat-key",
      OPENAI_BASE_URL: "http://127.0.0.1:8/v1",
    });
    expect(config.embedder).toMatchObject({ kind: "openai", apiKey: "embed-key", baseURL: "http://127.0.0.1:9/v1" });
    expect(config.llm).toMatchObject({ apiKey: "chat-key", baseURL: "http://127.0.0.1:8/v1" });
    expect(() => loadConfig({ EMBEDDER: "openai", OPENAI_API_KEY: "chat-key" })).toThrow(/EMBEDDER=openai needs EMBEDDING_API_KEY/);
  });
});
