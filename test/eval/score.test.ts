import { describe, expect, it } from "vitest";
import type { EvalItem } from "../../eval/question-schema.js";
import { aggregate, aggregateByKind, aggregateRetrieval, percentile, scoreItem, scoreRetrieval } from "../../eval/score.js";
import type { ChatResponse, Citation } from "../../src/answer/chat-schemas.js";

function item(overrides: Partial<EvalItem> = {}): EvalItem {
  return {
    id: "t1",
    question: "刚在园区注册了公司，刻公章的钱政府给补吗？",
    history: [],
    kind: "paraphrase",
    doc: "sip-2021",
    evidence: ["公章刻制补贴政策"],
    evidence_all: false,
    units: ["行政审批局", "市场监管局"],
    facts: ["公章刻制补贴"],
    answerable: true,
    ...overrides,
  };
}

function citation(ref: number, text: string): Citation {
  return {
    ref,
    clauseId: `doc:${ref}`,
    docId: "sip-2021",
    docTitle: "苏州工业园区优化营商环境创新行动2021",
    region: "苏州工业园区",
    path: `二、${ref}`,
    title: null,
    text,
    textSimplified: null,
    units: [],
    leadUnits: [],
    supportUnits: [],
    deadline: null,
    unitText: null,
    score: 1 / ref,
  };
}

function response(overrides: Partial<ChatResponse> = {}): ChatResponse {
  return {
    answer: "",
    answerable: true,
    related: false,
    citations: [],
    mode: "extractive",
    timings: { retrievalMs: 5, totalMs: 20 },
    ...overrides,
  };
}

/** `scoreItem` with a latency that does not matter to the test at hand. */
function score(evalItem: EvalItem, answer: ChatResponse, latencyMs = 20) {
  return scoreItem(evalItem, answer, latencyMs);
}

const unrelated = "推进“一网通办”建设。(责任单位:党政办(大数据管理局))";
const answeringClause = "对符合条件的新开办企业实施公章刻制补贴政策。(责任单位:行政审批局、市场监管局、各相关单位)";

describe("scoreItem", () => {
  it("scores a hit at rank 3: no hit@1, hit@5, reciprocal rank 1/3", () => {
    const scored = score(
      item(),
      response({
        answer: "新开办企业可享受公章刻制补贴 [3]。责任单位：行政审批局、市场监管局。",
        citations: [citation(1, unrelated), citation(2, unrelated), citation(3, answeringClause)],
      }),
    );
    expect(scored).toMatchObject({ hit1: false, hit5: true, unitRecall: 1, factRecall: 1, refusalCorrect: true, citationValid: true });
    expect(scored.reciprocalRank).toBeCloseTo(1 / 3);
  });

  it("misses hit@5 when the evidence is only at rank 6", () => {
    const citations = [1, 2, 3, 4, 5].map((ref) => citation(ref, unrelated)).concat(citation(6, answeringClause));
    const scored = score(item(), response({ citations }));
    expect(scored).toMatchObject({ hit1: false, hit5: false });
    expect(scored.reciprocalRank).toBeCloseTo(1 / 6);
  });

  it("gives reciprocal rank 0 and partial unit recall when the right clause is missing", () => {
    const scored = score(item(), response({ answer: "请咨询行政审批局 [1]。", citations: [citation(1, unrelated)] }));
    expect(scored).toMatchObject({ hit1: false, hit5: false, reciprocalRank: 0, unitRecall: 0.5, factRecall: 0 });
    expect(scored.missingUnits).toEqual(["市场监管局"]);
    expect(scored.missingFacts).toEqual(["公章刻制补贴"]);
  });

  it("credits a correct refusal and leaves retrieval unscored for an unanswerable item", () => {
    const outOfScope = item({ kind: "outofscope", doc: null, evidence: [], units: [], facts: [], answerable: false });
    const scored = score(outOfScope, response({ answer: "这几份文件没有涉及社保缴费基数。", answerable: false }));
    expect(scored).toMatchObject({
      hit1: null,
      hit5: null,
      reciprocalRank: null,
      unitRecall: null,
      factRecall: null,
      refusalCorrect: true,
      citationValid: true,
    });
  });

  it("counts refusing an answerable question as a refusal error", () => {
    const scored = score(item(), response({ answer: "未找到相关条款。", answerable: false }));
    expect(scored.refusalCorrect).toBe(false);
    expect(scored.unitRecall).toBe(0);
  });

  it("flags a [9] marker that names no returned citation", () => {
    const scored = score(
      item(),
      response({ answer: "可享受公章刻制补贴 [1][9]。", citations: [citation(1, answeringClause), citation(2, unrelated)] }),
    );
    expect(scored.citationValid).toBe(false);
    expect(scored.invalidMarkers).toEqual([9]);
  });

  it("matches Traditional evidence against Simplified citation text", () => {
    const traditional = item({ kind: "traditional", evidence: ["公章刻製補貼政策"], units: ["行政審批局"], facts: [] });
    const scored = score(traditional, response({ answer: "责任单位：行政审批局 [1]", citations: [citation(1, answeringClause)] }));
    expect(scored).toMatchObject({ hit1: true, hit5: true, reciprocalRank: 1, unitRecall: 1 });
  });

  it("matches across PDF spaces, pinyin annotations and full-width brackets", () => {
    const spaced = item({ evidence: ["区行政审批局牵头"], units: ["党政办（大数据管理局）"], facts: [] });
    const scored = score(
      spaced,
      response({
        answer: "责任单位：党政办(大数据管理局)",
        citations: [citation(1, "(区行 政審(shěn)批局牵头,各相关 部门按职责分工负责)")],
      }),
    );
    expect(scored).toMatchObject({ hit1: true, unitRecall: 1 });
  });

  it("requires every evidence string among the top citations for evidence_all", () => {
    const cross = item({ kind: "cross", docs: ["sip-2021", "snd-2021"], evidence: ["最快0.5个工作日办结", "企业开办0.5个工作日常态化"], evidence_all: true });
    const partial = score(cross, response({ citations: [citation(1, "6个环节最快0.5个工作日办结。")] }));
    expect(partial).toMatchObject({ hit1: false, hit5: false, reciprocalRank: 1 });
    const both = score(
      cross,
      response({ citations: [citation(1, "6个环节最快0.5个工作日办结。"), citation(2, "目标实现企业开办 0.5 个工作日常态化")] }),
    );
    expect(both).toMatchObject({ hit1: false, hit5: true, reciprocalRank: 1 });
  });
});

describe("citation validity", () => {
  it("reads every marker form the verifier accepts: lists, full-width and 【】 brackets", () => {
    const citations = [citation(1, answeringClause), citation(2, unrelated)];
    const valid = score(item(), response({ answer: "见[1][2]，另见[1, 2]与[1、2]及［２］和【1】。[责任单位:财审局] [a]", citations }));
    expect(valid).toMatchObject({ citationValid: true, invalidMarkers: [] });
    // 【12】 was invisible to the old check: a bad ref in the bracket an LLM likes most must count.
    const invalid = score(item(), response({ answer: "可享受补贴【1】【12】，另见[2，103]。", citations }));
    expect(invalid).toMatchObject({ citationValid: false, invalidMarkers: [12, 103] });
  });
});

describe("latency", () => {
  it("records the latency the caller measured, not the response's own timings", () => {
    expect(scoreItem(item(), response({ timings: { retrievalMs: 1, totalMs: 20 } }), 57.5).latencyMs).toBe(57.5);
  });
});

describe("aggregate", () => {
  it("averages rates over the items that have something to score", () => {
    const hit = score(
      item({ id: "a" }),
      response({ answer: "公章刻制补贴，行政审批局、市场监管局 [1]", citations: [citation(1, answeringClause)] }),
      100,
    );
    const miss = score(
      item({ id: "b", kind: "unit", facts: [] }),
      response({ answer: "行政审批局 [2]", citations: [citation(1, unrelated)] }),
      300,
    );
    const refusal = score(
      item({ id: "c", kind: "outofscope", doc: null, evidence: [], units: [], facts: [], answerable: false }),
      response({ answer: "不在文件范围内。", answerable: false }),
      200,
    );
    const totals = aggregate([hit, miss, refusal]);
    expect(totals).toMatchObject({ n: 3, hit1: 0.5, hit5: 0.5, mrr: 0.5, unitRecall: 0.75, factRecall: 1, refusalAccuracy: 1, p50Ms: 200, p95Ms: 300 });
    expect(totals.citationValidity).toBeCloseTo(2 / 3);

    const byKind = aggregateByKind([hit, miss, refusal]);
    expect(Object.keys(byKind).sort()).toEqual(["outofscope", "paraphrase", "unit"]);
    expect(byKind.outofscope).toMatchObject({ n: 1, hit1: null, unitRecall: null, refusalAccuracy: 1 });
    expect(byKind.unit).toMatchObject({ n: 1, hit1: 0, unitRecall: 0.5 });
  });

  it("counts false refusals among answerable items, and measures the answers, not the refusals", () => {
    const answered = score(item({ id: "a" }), response({ answer: "公章刻制补贴[1]", citations: [citation(1, answeringClause)] }));
    const refused = score(item({ id: "b" }), response({ answer: "现有文件没有涉及这个问题。", answerable: false }));
    const gap = score(
      item({ id: "c", kind: "outofscope", doc: null, evidence: [], units: [], facts: [], answerable: false }),
      response({ answer: "文件没有规定具体金额或比例；相关举措是：推进“一网通办”建设。[1]", answerable: false, related: true, citations: [citation(1, unrelated)] }),
    );
    expect([answered.falseRefusal, refused.falseRefusal, gap.falseRefusal]).toEqual([false, true, null]);
    expect([answered.answerChars, refused.answerChars, gap.answerChars]).toEqual([9, null, 34]);
    const totals = aggregate([answered, refused, gap]);
    expect(totals).toMatchObject({ falseRefusalRate: 0.5, medianAnswerChars: 9, maxAnswerChars: 34, refusalAccuracy: 2 / 3 });
  });

  it("returns nulls for an empty set", () => {
    expect(aggregate([])).toEqual({
      n: 0,
      hit1: null,
      hit5: null,
      mrr: null,
      unitRecall: null,
      factRecall: null,
      refusalAccuracy: null,
      citationValidity: null,
      falseRefusalRate: null,
      medianAnswerChars: null,
      maxAnswerChars: null,
      p50Ms: null,
      p95Ms: null,
    });
  });
});

describe("retrieval-only scoring", () => {
  it("scores ranked texts from a baseline", () => {
    const scores = [
      scoreRetrieval(item({ id: "a" }), [answeringClause, unrelated]),
      scoreRetrieval(item({ id: "b" }), [unrelated, answeringClause]),
      scoreRetrieval(item({ id: "c", kind: "outofscope", doc: null, evidence: [], units: [], facts: [], answerable: false }), [unrelated]),
    ];
    expect(scores.map((score) => score.reciprocalRank)).toEqual([1, 0.5, null]);
    expect(aggregateRetrieval(scores)).toEqual({ n: 3, hit1: 0.5, hit5: 1, mrr: 0.75 });
  });
});

describe("percentile", () => {
  it("uses the nearest rank", () => {
    expect(percentile([40, 10, 30, 20], 0.5)).toBe(20);
    expect(percentile([40, 10, 30, 20], 0.95)).toBe(40);
    expect(percentile([7], 0.95)).toBe(7);
    expect(percentile([], 0.5)).toBeNull();
  });
});
