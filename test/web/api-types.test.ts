import { describe, expect, it } from "vitest";
import { describeApiError, toApiError } from "../../web/src/api-error.js";
import { parseChatResponse, parseUnitMeasures, ResponseShapeError } from "../../web/src/api-types.js";

describe("parseChatResponse", () => {
  it("accepts the documented shape and fills missing secondary fields", () => {
    const parsed = parseChatResponse({
      answer: "答[1]",
      answerable: true,
      citations: [{ ref: 1, clauseId: "c", docId: "d", text: "条款" }],
      mode: "llm",
      timings: { retrievalMs: 3, totalMs: 9 },
    });
    expect(parsed.citations[0]).toMatchObject({ ref: 1, title: null, units: [], leadUnits: [], path: "" });
    expect(parsed.timings.totalMs).toBe(9);
  });

  it("rejects a response without an answer, naming the field", () => {
    expect(() => parseChatResponse({ answerable: true })).toThrow(ResponseShapeError);
    expect(() => parseChatResponse({ answer: "x", answerable: true, citations: [{ ref: "1" }] })).toThrow(/citations\[0\]\.ref/);
    expect(() => parseChatResponse(null)).toThrow(ResponseShapeError);
  });

  it("rejects a unit answer whose groups are not a list", () => {
    expect(() => parseUnitMeasures({ name: "行政审批局", groups: {} })).toThrow(/groups/);
  });
});

describe("API errors", () => {
  it("words each failure as a Chinese sentence", () => {
    expect(describeApiError(503, "index_not_ready")).toContain("索引尚未建立");
    expect(describeApiError(429, "rate_limited")).toContain("频繁");
    expect(describeApiError(400, "invalid_request", "question too long")).toBe("请求有误：question too long");
    expect(describeApiError(0, "network")).toContain("无法连接服务器");
    expect(describeApiError(500, "internal")).toContain("服务器出错");
  });

  it("turns a failed fetch and a bad shape into ApiErrors", () => {
    expect(toApiError(new TypeError("fetch failed")).code).toBe("network");
    expect(toApiError(new ResponseShapeError("response.answer", "a string")).code).toBe("bad_response");
  });
});
