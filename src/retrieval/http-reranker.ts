import { z } from "zod";
import { UpstreamError } from "../errors/app-errors.js";
import type { Reranker, RerankScore } from "./reranker.js";

/** How to reach a `/rerank` endpoint (RERANK_BASE_URL, RERANK_MODEL, RERANK_API_KEY, RERANK_TIMEOUT_MS). */
export interface HttpRerankerOptions {
  /** The server's base URL: `POST <baseURL>/rerank` (e.g. `http://tei:8080`, `http://xinference:9997/v1`). */
  baseURL: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/**
 * The two reply shapes of `/rerank`: Jina, Xinference and Cohere-style servers
 * answer `{ results: [{ index, relevance_score }] }`, Hugging Face TEI a bare
 * `[{ index, score }]`. Anything else is a malformed reply.
 */
const rerankReplySchema = z.union([
  z.object({ results: z.array(z.object({ index: z.number().int().nonnegative(), relevance_score: z.number().finite() }).loose()) }).loose(),
  z.array(z.object({ index: z.number().int().nonnegative(), score: z.number().finite() }).loose()),
]);

/**
 * A cross-encoder behind the `/rerank` HTTP API. The request carries the
 * documents under both names the servers use — `documents` (Jina, Xinference,
 * Cohere) and `texts` (TEI) — with the model and `top_n`; the reply is
 * validated with zod. A timeout, an error status or a reply that does not
 * parse (or names a document that was not sent) throws an UpstreamError.
 */
export class HttpReranker implements Reranker {
  readonly name: string;

  constructor(private readonly options: HttpRerankerOptions) {
    this.name = `rerank:${options.model}`;
  }

  async score(query: string, documents: readonly string[], signal?: AbortSignal): Promise<RerankScore[]> {
    const url = `${this.options.baseURL.replace(/\/+$/, "")}/rerank`;
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.options.model, query, documents, texts: documents, top_n: documents.length }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      const reason = timeout.aborted ? `no reply within ${this.options.timeoutMs} ms` : (error as Error).message;
      throw new UpstreamError(`reranker at ${url}: ${reason}`);
    }
    if (!response.ok) throw new UpstreamError(`reranker at ${url} answered ${response.status} ${response.statusText}`);
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new UpstreamError(`reranker at ${url} sent a reply that is not JSON`);
    }
    const parsed = rerankReplySchema.safeParse(body);
    if (!parsed.success) throw new UpstreamError(`reranker at ${url} sent a reply of an unknown shape: ${parsed.error.issues[0]?.message ?? "invalid"}`);
    const scores = Array.isArray(parsed.data)
      ? parsed.data.map(({ index, score }) => ({ index, score }))
      : parsed.data.results.map(({ index, relevance_score }) => ({ index, score: relevance_score }));
    if (scores.some(({ index }) => index >= documents.length)) throw new UpstreamError(`reranker at ${url} scored a document index it was not sent`);
    return scores;
  }
}
