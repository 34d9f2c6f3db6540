import { describe, expect, it } from "vitest";
import { highlightUsedSentences, splitSentences } from "../../web/src/sentence-highlight.js";

const clause =
  "推广企业注销服务网上专区,推进部门间数据共享和业务协同。进一步扩大简易注销试点,压缩企业简易注销登记公告时间。探索开展长期吊销未注销企业强制注销试点。(责任单位:市场监管局、行政审批局)";

describe("splitSentences", () => {
  it("keeps every character and ends sentences after Chinese stops", () => {
    const sentences = splitSentences(clause);
    expect(sentences.join("")).toBe(clause);
    expect(sentences).toHaveLength(4);
    expect(sentences[0]).toBe("推广企业注销服务网上专区,推进部门间数据共享和业务协同。");
  });

  it("keeps a closing quote with its sentence and splits at line breaks", () => {
    expect(splitSentences("实现“一网通办。”下一句\n第三句")).toEqual(["实现“一网通办。”", "下一句\n", "第三句"]);
  });

  it("returns nothing for empty text", () => {
    expect(splitSentences("")).toEqual([]);
  });
});

describe("highlightUsedSentences", () => {
  it("marks sentences quoted in the answer, despite different punctuation and [n] markers", () => {
    const answer = "园区推广企业注销服务网上专区，推进部门间数据共享和业务协同[1]。";
    const marked = highlightUsedSentences(clause, answer);
    expect(marked.map((sentence) => sentence.used)).toEqual([true, false, false, false]);
    expect(marked.map((sentence) => sentence.text).join("")).toBe(clause);
  });

  it("ignores every marker form between quoted words, 【n】 and lists included", () => {
    const answer = "推广企业注销服务网上专区【1】，推进部门间数据共享[1, 2]和业务协同【2、3】。";
    expect(highlightUsedSentences(clause, answer).map((sentence) => sentence.used)).toEqual([true, false, false, false]);
  });

  it("marks a sentence whose phrases cover at least half of it", () => {
    const answer = "可以压缩企业简易注销登记公告时间[1]。";
    expect(highlightUsedSentences(clause, answer).map((sentence) => sentence.used)).toEqual([false, true, false, false]);
  });

  it("does not mark on short accidental overlaps", () => {
    const answer = "企业注销可以到行政审批局办理。";
    const sentences = highlightUsedSentences(clause, answer);
    expect(sentences.length).toBeGreaterThan(0);
    expect(sentences.filter((sentence) => sentence.used)).toEqual([]);
  });

  it("matches width-folded text (full-width vs half-width brackets and digits)", () => {
    const text = "企业开办时间压缩至１个工作日（含）以内。";
    expect(highlightUsedSentences(text, "企业开办时间压缩至1个工作日(含)以内[2]")[0]?.used).toBe(true);
  });
});
