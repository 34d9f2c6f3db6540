import { describe, expect, it } from "vitest";
import type { Citation } from "../../web/src/api-types.js";
import { formatAnswerForCopy, formatReferenceLine, partitionCitations, refusalHint, unitsStatedIn } from "../../web/src/copy-answer.js";

function citation(overrides: Partial<Citation>): Citation {
  return {
    ref: 1,
    clauseId: "sip-2021:2.2.7.p1",
    docId: "sip-2021",
    docTitle: "苏州工业园区优化营商环境创新行动2021",
    region: "苏州工业园区",
    path: "二、（二）7",
    title: "优化企业注销流程",
    text: "推广企业注销服务网上专区。",
    textSimplified: null,
    units: ["市场监管局", "行政审批局"],
    leadUnits: [],
    supportUnits: [],
    deadline: null,
    unitText: null,
    score: 0.8,
    ...overrides,
  };
}

const shortNames: Record<string, string> = { "sip-2021": "园区2021", "xiangcheng-2022": "相城2022" };
const shortNameOf = (docId: string) => shortNames[docId];

describe("formatReferenceLine", () => {
  it("writes ref, short name, path, title and units", () => {
    expect(formatReferenceLine(citation({}), "园区2021")).toBe("[1]《园区2021》二、（二）7 优化企业注销流程 — 责任单位：市场监管局、行政审批局");
  });

  it("says 未列明责任单位 when the clause names none, and copes without a title", () => {
    expect(formatReferenceLine(citation({ ref: 3, title: null, units: [] }), "园区2021")).toBe("[3]《园区2021》二、（二）7 — 未列明责任单位");
  });

  it("falls back to the full title when the short name is unknown", () => {
    expect(formatReferenceLine(citation({}), undefined)).toContain("《苏州工业园区优化营商环境创新行动2021》");
  });
});

describe("units shown once", () => {
  it("knows when the answer text already names every unit of a citation", () => {
    expect(unitsStatedIn("推广企业注销服务网上专区[1]\n责任单位：市场监管局、行政审批局（《园区2021》优化企业注销流程）", citation({}))).toBe(true);
    expect(unitsStatedIn("推广企业注销服务网上专区[1]\n责任单位：市场监管局", citation({}))).toBe(false);
    expect(unitsStatedIn("任何文字", citation({ units: [] }))).toBe(false);
  });

  it("leaves the units out of a reference line when the answer names them", () => {
    const answer = "推广企业注销服务网上专区[1]\n责任单位：市场监管局、行政审批局";
    expect(formatReferenceLine(citation({}), "园区2021", answer)).toBe("[1]《园区2021》二、（二）7 优化企业注销流程");
  });

  it("copies a near-domain reply with its references and where to ask", () => {
    const text = formatAnswerForCopy(
      { answer: "文件没有规定注销的具体时限；相关举措是：推广企业注销服务网上专区。[1]", answerable: false, related: true, citations: [citation({})] },
      shortNameOf,
    );
    expect(text).toContain(refusalHint);
    expect(text.split("\n").at(-1)).toBe("[1]《园区2021》二、（二）7 优化企业注销流程 — 责任单位：市场监管局、行政审批局");
  });
});

describe("formatAnswerForCopy", () => {
  it("puts the answer first and one reference per line in ref order", () => {
    const text = formatAnswerForCopy(
      {
        answer: "  可通过注销专区在线办理[2]，园区也可简易注销[1]。\n",
        answerable: true,
        citations: [
          citation({ ref: 2, docId: "xiangcheng-2022", docTitle: "相城区优化营商环境创新行动2022", path: "二、（五）19", title: "实现企业开办、注销“一网通办”", units: ["区行政审批局"] }),
          citation({ ref: 1 }),
        ],
      },
      shortNameOf,
    );
    expect(text.split("\n")).toEqual([
      "可通过注销专区在线办理[2]，园区也可简易注销[1]。",
      "",
      "参考条款：",
      "[1]《园区2021》二、（二）7 优化企业注销流程 — 责任单位：市场监管局、行政审批局",
      "[2]《相城2022》二、（五）19 实现企业开办、注销“一网通办” — 责任单位：区行政审批局",
    ]);
  });

  it("leaves out citations the answer does not point to", () => {
    const text = formatAnswerForCopy({ answer: "只引用了第二条[2]。", answerable: true, citations: [citation({ ref: 1 }), citation({ ref: 2 })] }, shortNameOf);
    expect(text.split("\n").filter((line) => line.startsWith("["))).toEqual(["[2]《园区2021》二、（二）7 优化企业注销流程 — 责任单位：市场监管局、行政审批局"]);
  });

  it("copies a refusal with the hint where to ask instead and no references", () => {
    const text = formatAnswerForCopy({ answer: "现有文件未涉及北京中关村。", answerable: false, citations: [citation({})] }, shortNameOf);
    expect(text).toBe(`现有文件未涉及北京中关村。\n\n${refusalHint}`);
    expect(text).toContain("12345");
    expect(text).not.toContain("《");
  });

  it("does not repeat the hint when the refusal already says where to ask", () => {
    const answer = "没有找到相关条款。建议拨打 12345 政务服务便民热线。";
    expect(formatAnswerForCopy({ answer, answerable: false, citations: [] }, shortNameOf)).toBe(answer);
  });

  it("copies just the answer when there is nothing cited", () => {
    expect(formatAnswerForCopy({ answer: "答案", answerable: true, citations: [] }, shortNameOf)).toBe("答案");
  });
});

describe("partitionCitations", () => {
  it("separates cited from related citations, in ref order", () => {
    const { cited, related } = partitionCitations("甲[3]乙[1]", [{ ref: 2 }, { ref: 3 }, { ref: 1 }, { ref: 4 }]);
    expect(cited.map((item) => item.ref)).toEqual([1, 3]);
    expect(related.map((item) => item.ref)).toEqual([2, 4]);
  });

  it("counts every citation as cited when the answer has no markers", () => {
    expect(partitionCitations("没有编号", [{ ref: 2 }, { ref: 1 }])).toEqual({ cited: [{ ref: 1 }, { ref: 2 }], related: [] });
  });
});
