import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { UpstreamError } from "../../src/errors/app-errors.js";
import { OpenAIEmbedder } from "../../src/embedding/openai-embedder.js";

interface RecordedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: { model: string; input: string[]; encoding_format?: string };
}

/** A tiny OpenAI-compatible server: each input's vector is [length, 1, 0] (not unit length on purpose). */
describe("OpenAIEmbedder", () => {
  let server: Server;
  let baseURL: string;
  let requests: RecordedRequest[] = [];
  let answer: "embeddings" | "malformed" | "bad-request" = "embeddings";

  beforeAll(async () => {
    server = createServer((request, response) => {
      let raw = "";
      request.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      request.on("end", () => {
        const body = JSON.parse(raw) as RecordedRequest["body"];
        requests.push({ url: request.url ?? "", headers: request.headers, body });
        response.setHeader("content-type", "application/json");
        if (answer === "bad-request") {
          response.statusCode = 400;
          response.end(JSON.stringify({ error: { message: "model not found", type: "invalid_request_error" } }));
          return;
        }
        if (answer === "malformed") {
          response.end(JSON.stringify({ data: [{ index: 0, embedding: "not a vector" }] }));
          return;
        }
        // Reversed, as servers may return them in any order: the client must sort by index.
        const data = body.input.map((text, index) => ({ object: "embedding", index, embedding: [text.length, 1, 0] })).reverse();
        response.end(JSON.stringify({ object: "list", model: body.model, data, usage: { prompt_tokens: 1, total_tokens: 1 } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    requests = [];
    answer = "embeddings";
  });

  it("discovers the dimensions from a probe request", async () => {
    const embedder = await OpenAIEmbedder.create({ apiKey: "test-key", model: "test-embedding", baseURL });
    expect(embedder.dimensions).toBe(3);
    expect(embedder.name).toBe("openai:test-embedding");
    expect(requests).toHaveLength(1);
  });

  it("sends the model, the inputs and the key, and returns unit vectors in input order", async () => {
    const embedder = new OpenAIEmbedder({ apiKey: "test-key", model: "test-embedding", baseURL, dimensions: 3, batchSize: 2 });
    const vectors = await embedder.embedDocuments(["企业注销", "知识产权保护", "开办"]);

    expect(requests.map((request) => request.body.input)).toEqual([["企业注销", "知识产权保护"], ["开办"]]);
    for (const request of requests) {
      expect(request.url).toBe("/v1/embeddings");
      expect(request.body.model).toBe("test-embedding");
      expect(request.body.encoding_format).toBe("float");
      expect(request.headers.authorization).toBe("Bearer test-key");
    }
    const expected = (length: number) => [length / Math.hypot(length, 1), 1 / Math.hypot(length, 1), 0];
    expect(vectors).toHaveLength(3);
    vectors.forEach((vector, index) => {
      const want = expected([4, 6, 2][index]!);
      vector.forEach((value, axis) => expect(value).toBeCloseTo(want[axis]!, 12));
    });
  });

  it("embeds a query without any prefix", async () => {
    const embedder = new OpenAIEmbedder({ apiKey: "test-key", model: "test-embedding", baseURL, dimensions: 3 });
    await embedder.embedQuery("我想把公司关掉");
    expect(requests[0]!.body.input).toEqual(["我想把公司关掉"]);
  });

  it("rejects a response of the wrong shape with an UpstreamError", async () => {
    answer = "malformed";
    const embedder = new OpenAIEmbedder({ apiKey: "test-key", model: "test-embedding", baseURL, dimensions: 3 });
    await expect(embedder.embedQuery("开办")).rejects.toBeInstanceOf(UpstreamError);
  });

  it("rejects vectors of the wrong length", async () => {
    const embedder = new OpenAIEmbedder({ apiKey: "test-key", model: "test-embedding", baseURL, dimensions: 1536 });
    await expect(embedder.embedQuery("开办")).rejects.toThrow(/3-dimensional vector, expected 1536/);
  });

  it("reports an HTTP error with its status", async () => {
    answer = "bad-request";
    const attempt = OpenAIEmbedder.create({ apiKey: "test-key", model: "missing-model", baseURL });
    await expect(attempt).rejects.toBeInstanceOf(UpstreamError);
    await expect(attempt).rejects.toThrow(/HTTP 400/);
  });
});
