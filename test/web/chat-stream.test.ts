import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../web/src/api-error.js";
import type { Citation } from "../../web/src/api-types.js";
import { streamChat } from "../../web/src/chat-stream.js";

const citation = { ref: 1, clauseId: "sip-2021:7", docId: "sip-2021", docTitle: "园区", region: "苏州工业园区", path: "二、（二）7", title: "优化企业注销流程", text: "推广企业注销服务网上专区。", units: ["行政审批局"], leadUnits: [], score: 0.9 };
const done = { answer: "网上专区办理[1]", answerable: true, citations: [citation], mode: "extractive", timings: { retrievalMs: 5, totalMs: 20 } };

/** A fetch that answers with the given body, delivered in small byte chunks. */
function fakeFetch(body: string, init: ResponseInit = { headers: { "content-type": "text/event-stream" } }) {
  const bytes = new TextEncoder().encode(body);
  const fetchMock = vi.fn(async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < bytes.length; offset += 5) controller.enqueue(bytes.slice(offset, offset + 5));
        controller.close();
      },
    });
    return new Response(stream, init);
  });
  vi.stubGlobal("fetch", fetchMock);
  return fetchMock;
}

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("streamChat", () => {
  it("reports citations, then the growing text, and resolves with the done event", async () => {
    const fetchMock = fakeFetch(sse("citations", { citations: [citation] }) + sse("delta", { text: "网上专区" }) + sse("delta", { text: "办理[1]" }) + sse("done", done));
    const seen: string[] = [];
    let cited: Citation[] = [];
    const result = await streamChat(
      { question: "怎么注销？", history: [{ role: "user", content: "前一个问题" }] },
      { onCitations: (citations) => (cited = citations), onText: (text) => seen.push(text) },
    );
    expect(cited.map((item) => item.ref)).toEqual([1]);
    expect(seen).toEqual(["网上专区", "网上专区办理[1]"]);
    expect(result.answer).toBe("网上专区办理[1]");
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/api/chat/stream");
    expect(JSON.parse(String(init.body))).toEqual({ question: "怎么注销？", history: [{ role: "user", content: "前一个问题" }] });
  });

  it("rejects with the server's error event, worded for the user", async () => {
    fakeFetch(sse("citations", { citations: [] }) + sse("error", { error: { code: "index_not_ready", message: "run ingest" } }));
    const failure = streamChat({ question: "x" }, { onCitations: () => {}, onText: () => {} });
    await expect(failure).rejects.toBeInstanceOf(ApiError);
    await expect(failure).rejects.toMatchObject({ code: "index_not_ready", status: 503 });
  });

  it("rejects a stream that ends without done", async () => {
    fakeFetch(sse("delta", { text: "半句" }));
    await expect(streamChat({ question: "x" }, { onCitations: () => {}, onText: () => {} })).rejects.toMatchObject({ code: "stream_incomplete" });
  });

  it("rejects an HTTP error with its code and status", async () => {
    fakeFetch(JSON.stringify({ error: { code: "rate_limited", message: "slow down" } }), { status: 429, headers: { "content-type": "application/json" } });
    await expect(streamChat({ question: "x" }, { onCitations: () => {}, onText: () => {} })).rejects.toMatchObject({ status: 429, code: "rate_limited" });
  });

  it("rejects a malformed done event as a bad response", async () => {
    fakeFetch(sse("done", { answer: 42 }));
    await expect(streamChat({ question: "x" }, { onCitations: () => {}, onText: () => {} })).rejects.toMatchObject({ code: "bad_response" });
  });

  it("rejects with a network error when the server cannot be reached", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("fetch failed"))));
    await expect(streamChat({ question: "x" }, { onCitations: () => {}, onText: () => {} })).rejects.toMatchObject({ code: "network" });
  });
});
