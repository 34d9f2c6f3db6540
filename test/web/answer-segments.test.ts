import { describe, expect, it } from "vitest";
import { refsMentioned, splitAnswer } from "../../web/src/answer-segments.js";

describe("splitAnswer", () => {
  it("turns [n] markers into ref segments between text", () => {
    expect(splitAnswer("可网上办理[1]。也可简易注销[2]", new Set([1, 2]))).toEqual([
      { kind: "text", text: "可网上办理" },
      { kind: "ref", ref: 1, marker: "[1]" },
      { kind: "text", text: "。也可简易注销" },
      { kind: "ref", ref: 2, marker: "[2]" },
    ]);
  });

  it("splits adjacent, combined and full-width markers", () => {
    const segments = splitAnswer("甲[1][2]乙[1, 3]丙［2］丁[2、3]", new Set([1, 2, 3]));
    expect(segments.filter((segment) => segment.kind === "ref").map((segment) => (segment.kind === "ref" ? segment.ref : 0))).toEqual([
      1, 2, 1, 3, 2, 2, 3,
    ]);
    expect(segments.filter((segment) => segment.kind === "text").map((segment) => (segment.kind === "text" ? segment.text : ""))).toEqual([
      "甲",
      "乙",
      "丙",
      "丁",
    ]);
  });

  it("draws 【n】 markers, as a language model writes them, as chips too", () => {
    // The verifier accepts 【1】; before, the console showed it as plain text.
    expect(splitAnswer("可网上办理【1】，也可【1，2】", new Set([1, 2]))).toEqual([
      { kind: "text", text: "可网上办理" },
      { kind: "ref", ref: 1, marker: "【1】" },
      { kind: "text", text: "，也可" },
      { kind: "ref", ref: 1, marker: "【1，2】" },
      { kind: "ref", ref: 2, marker: "" },
    ]);
  });

  it("reads refs of any length when a citation has them", () => {
    expect(splitAnswer("见[120]", new Set([120]))).toEqual([
      { kind: "text", text: "见" },
      { kind: "ref", ref: 120, marker: "[120]" },
    ]);
  });

  it("leaves unknown refs, years and partial markers as text", () => {
    expect(splitAnswer("见[7]，2021年[2023]，正在输入[1", new Set([1]))).toEqual([{ kind: "text", text: "见[7]，2021年[2023]，正在输入[1" }]);
  });

  it("treats any number as a ref when no known set is given", () => {
    expect(splitAnswer("[9]")).toEqual([{ kind: "ref", ref: 9, marker: "[9]" }]);
  });

  it("keeps newlines in text and returns nothing for an empty answer", () => {
    expect(splitAnswer("一\n二[1]\n", new Set([1]))).toEqual([
      { kind: "text", text: "一\n二" },
      { kind: "ref", ref: 1, marker: "[1]" },
      { kind: "text", text: "\n" },
    ]);
    expect(splitAnswer("")).toEqual([]);
  });
});

describe("refsMentioned", () => {
  it("lists refs in first-mention order without repeats", () => {
    expect(refsMentioned("a[2] b[1] c[2][3]", new Set([1, 2, 3]))).toEqual([2, 1, 3]);
  });
});
