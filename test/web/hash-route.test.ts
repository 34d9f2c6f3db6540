import { describe, expect, it } from "vitest";
import { clauseHref, formatRoute, parseRoute, unitHref } from "../../web/src/hash-route.js";

describe("hash routes", () => {
  it("round-trips a clause link with characters that need escaping", () => {
    const href = clauseHref("sip-2021", "sip-2021:2.1.7.p1");
    expect(href).toBe("#/doc/sip-2021/sip-2021%3A2.1.7.p1");
    expect(parseRoute(href)).toEqual({ view: "docs", docId: "sip-2021", clauseId: "sip-2021:2.1.7.p1" });
  });

  it("round-trips a Chinese unit name", () => {
    expect(parseRoute(unitHref("区行政审批局"))).toEqual({ view: "units", unit: "区行政审批局" });
  });

  it("reads the short forms and defaults to the chat", () => {
    expect(parseRoute("")).toEqual({ view: "chat" });
    expect(parseRoute("#/")).toEqual({ view: "chat" });
    expect(parseRoute("#/nonsense")).toEqual({ view: "chat" });
    expect(parseRoute("#/units")).toEqual({ view: "units", unit: null });
    expect(parseRoute("#/docs")).toEqual({ view: "docs", docId: null, clauseId: null });
    expect(parseRoute("#/doc/jiading-2023")).toEqual({ view: "docs", docId: "jiading-2023", clauseId: null });
  });

  it("treats a malformed escape as a missing part instead of throwing", () => {
    expect(parseRoute("#/doc/sip-2021/%E0%A4%A")).toEqual({ view: "docs", docId: "sip-2021", clauseId: null });
  });

  it("formats every view", () => {
    expect(formatRoute({ view: "chat" })).toBe("#/chat");
    expect(formatRoute({ view: "units", unit: null })).toBe("#/units");
    expect(formatRoute({ view: "docs", docId: null, clauseId: null })).toBe("#/docs");
  });
});
