import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testConfig, prepareTestIndex } from "../support/test-index.js";
import { createServices } from "../../src/services/create-services.js";
import type { QiwenServices } from "../../src/services/qiwen-services.js";
import { createHybridRetriever } from "../../src/retrieval/hybrid-retriever.js";
import { HttpReranker } from "../../src/retrieval/http-reranker.js";
import { loadLexicon } from "../../src/retrieval/lexicon.js";
import type { Retriever } from "../../src/retrieval/retriever.js";

/** What the fake `/rerank` server does with the next request. */
type Behaviour = "jina" | "tei" | "error" | "malformed" | "hang";
interface RerankRequest {
  model: string;
  query: string;
  documents: string[];
  texts: string[];
  top_n: number;
}

let server: Server;
let baseURL: string;
let behaviour: Behaviour = "jina";
const requests: { body: RerankRequest; authorization: string | undefined }[] = [];
/** The fake cross-encoder: a document with this word is the most relevant, the rest keep their order, scored lower. */
let favoured = "";

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      const body = JSON.parse(raw) as RerankRequest;
      requests.push({ body, authorization: request.headers.authorization });
      if (behaviour === "hang") return;
      if (behaviour === "error") return void response.writeHead(503).end("model loading");
      response.writeHead(200, { "content-type": "application/json" });
      if (behaviour === "malformed") return void response.end(JSON.stringify({ results: [{ idx: 0, relevance: "high" }] }));
      const scored = body.documents.map((document, index) => ({ index, score: document.includes(favoured) ? 0.99 : 0.5 - index / 100 }));
      scored.sort((left, right) => right.score - left.score);
      response.end(
        JSON.stringify(
          behaviour === "tei" ? scored : { model: body.model, results: scored.map(({ index, score }) => ({ index, relevance_score: score })) },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

let services: QiwenServices;
const fallbacks: string[] = [];
let reranked: Retriever;
beforeAll(async () => {
  const { config } = await prepareTestIndex();
  services = await createServices(config);
  reranked = createHybridRetriever({
    index: services.index,
    embedder: services.embedder,
    lexicon: loadLexicon(),
    reranker: new HttpReranker({ baseURL, model: "bge-reranker-v2-m3", apiKey: "rerank-key", timeoutMs: 300 }),
    onRerankFallback: (reason) => fallbacks.push(reason),
  });
}, 120_000);

const QUESTION = "园区企业注销有什么便利措施？";

describe("the /rerank cross-encoder stage", () => {
  it("orders the fused candidates by the server's relevance (Jina / Xinference reply shape)", async () => {
    const plain = await services.retriever.retrieve(QUESTION, { limit: 10 });
    // The favoured clause is one the fused order put low, with wording no other candidate has: the reranker must lift it to the top.
    const texts = plain.candidates.map((retrieved) => retrieved.clause.text);
    const low = plain.candidates
      .slice(5, 20)
      .find((retrieved) => texts.filter((text) => text.includes(retrieved.clause.text.slice(0, 12))).length === 1)!;
    favoured = low.clause.text.slice(0, 12);
    behaviour = "jina";
    requests.length = 0;
    const result = await reranked.retrieve(QUESTION, { limit: 10 });
    expect(result.clauses[0]?.clause.id).toBe(low.clause.id);
    expect(result.clauses[0]?.rerankScore).toBeCloseTo(0.99);
    const [sent] = requests;
    expect(sent?.body).toEqual(expect.objectContaining({ model: "bge-reranker-v2-m3", top_n: sent?.body.documents.length }));
    expect(sent?.body.query).toContain("注销");
    expect(sent?.body.texts).toEqual(sent?.body.documents);
    expect(sent?.authorization).toBe("Bearer rerank-key");
  });

  it("reads the bare-array reply of Hugging Face TEI too", async () => {
    behaviour = "tei";
    const result = await reranked.retrieve(QUESTION, { limit: 10 });
    expect(compact(result.clauses[0]?.clause.text)).toContain(compact(favoured));
  });

  for (const failing of ["error", "malformed", "hang"] as const) {
    it(`keeps the fused order when the server ${failing === "hang" ? "does not answer in time" : failing === "error" ? "answers 503" : "sends a reply of another shape"}`, async () => {
      behaviour = failing;
      fallbacks.length = 0;
      const plain = await services.retriever.retrieve(QUESTION, { limit: 10 });
      const result = await reranked.retrieve(QUESTION, { limit: 10 });
      expect(result.clauses.map((retrieved) => retrieved.clause.id)).toEqual(plain.clauses.map((retrieved) => retrieved.clause.id));
      expect(fallbacks).toHaveLength(1);
      expect(fallbacks[0]).toMatch(failing === "hang" ? /no reply within 300 ms/ : failing === "error" ? /503/ : /unknown shape/);
    });
  }

  it("is configured by RERANK_BASE_URL and RERANK_MODEL, and absent without them", () => {
    expect(testConfig().reranker).toBeNull();
    expect(testConfig({ RERANK_BASE_URL: baseURL, RERANK_MODEL: "jina-reranker-v2" }).reranker).toEqual(
      expect.objectContaining({ baseURL, model: "jina-reranker-v2", timeoutMs: 2000 }),
    );
    expect(() => testConfig({ RERANK_BASE_URL: "not a url" })).toThrow(/RERANK_BASE_URL/);
  });
});

function compact(text: string | undefined): string {
  return (text ?? "").replace(/\s+/g, "");
}
