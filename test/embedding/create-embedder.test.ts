import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/app-config.js";
import { createEmbedder } from "../../src/embedding/create-embedder.js";
import { LocalEmbedder } from "../../src/embedding/local-embedder.js";
import { OpenAIEmbedder } from "../../src/embedding/openai-embedder.js";
import { testModelDir } from "./test-model-dir.js";

describe("createEmbedder", () => {
  it("builds the local bge embedder by default, from MODEL_DIR", async () => {
    const embedder = await createEmbedder(loadConfig({ MODEL_DIR: testModelDir }));
    expect(embedder).toBeInstanceOf(LocalEmbedder);
    expect(embedder.name).toBe("local:BAAI/bge-small-zh-v1.5");
  });

  it("builds the OpenAI-compatible embedder when EMBEDDER=openai", async () => {
    const server = createServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ data: [{ index: 0, embedding: [0.6, 0.8] }] }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const config = loadConfig({
        EMBEDDER: "openai",
        EMBEDDING_API_KEY: "test-key",
        EMBEDDING_BASE_URL: `http://127.0.0.1:${port}/v1`,
        EMBEDDING_MODEL: "tiny-embedding",
      });
      const embedder = await createEmbedder(config);
      expect(embedder).toBeInstanceOf(OpenAIEmbedder);
      expect(embedder.name).toBe("openai:tiny-embedding");
      expect(embedder.dimensions).toBe(2);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
