import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { answerOverHttp } from "../../eval/answer-over-http.js";
import type { ChatResponse } from "../../src/answer/chat-schemas.js";

const validResponse: ChatResponse = {
  answer: "不予回答。",
  answerable: false,
  related: false,
  citations: [],
  mode: "extractive",
  timings: { retrievalMs: 1, totalMs: 2 },
};

let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server answering each POST with the next of `replies`; records the bodies it got. */
async function serve(replies: { status: number; body: unknown; headers?: Record<string, string> }[]) {
  const bodies: unknown[] = [];
  server = createServer(async (request, response) => {
    let raw = "";
    for await (const chunk of request) raw += String(chunk);
    bodies.push({ url: request.url, body: JSON.parse(raw) });
    const reply = replies.shift() ?? { status: 500, body: {} };
    response.writeHead(reply.status, { "content-type": "application/json", ...reply.headers }).end(JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, bodies };
}

describe("answerOverHttp", () => {
  it("posts question, history and topK to /api/chat, waits out a 429 and returns the validated response", async () => {
    const { url, bodies } = await serve([
      { status: 429, body: { error: { code: "rate_limited", message: "slow down" } }, headers: { "retry-after": "1" } },
      { status: 200, body: validResponse },
    ]);
    const waits: number[] = [];
    const answer = answerOverHttp(url, { onRateLimited: (seconds) => waits.push(seconds) });
    const timed = await answer({ question: "问题", history: [{ role: "user", content: "前文" }], topK: 3 });
    expect(timed.response).toEqual(validResponse);
    expect(timed.latencyMs).toBeLessThan(1000); // the second's wait is not latency
    expect(waits).toEqual([1]);
    expect(bodies).toEqual([
      { url: "/api/chat", body: { question: "问题", history: [{ role: "user", content: "前文" }], topK: 3 } },
      { url: "/api/chat", body: { question: "问题", history: [{ role: "user", content: "前文" }], topK: 3 } },
    ]);
  });

  it("fails with the server's error, or when the body is not a chat response", async () => {
    const { url } = await serve([
      { status: 503, body: { error: { code: "index_not_ready", message: "run npm run ingest" } } },
      { status: 200, body: { ...validResponse, mode: "poetry" } },
    ]);
    const answer = answerOverHttp(url);
    await expect(answer({ question: "问题", history: [] })).rejects.toThrow(/answered 503 \(index_not_ready: run npm run ingest\)/);
    await expect(answer({ question: "问题", history: [] })).rejects.toThrow(/not a chat response: mode/);
  });

  it("names the endpoint when nothing listens", async () => {
    const answer = answerOverHttp("http://127.0.0.1:9");
    await expect(answer({ question: "问题", history: [] })).rejects.toThrow(/POST http:\/\/127\.0\.0\.1:9\/api\/chat failed/);
  });
});
