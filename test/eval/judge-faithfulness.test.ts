import { describe, expect, it } from "vitest";
import { judgeFaithfulness, parseJudgeReply } from "../../eval/judge-faithfulness.js";
import type { ChatResponse } from "../../src/answer/chat-schemas.js";
import type { ChatModel } from "../../src/llm/chat-model.js";

const answered: ChatResponse = {
  answer: "新开办企业可享受公章刻制补贴[1]，责任单位是行政审批局[1]。",
  answerable: true,
  related: false,
  citations: [
    {
      ref: 1,
      clauseId: "sip-2021:2.2.6.p2",
      docId: "sip-2021",
      docTitle: "苏州工业园区优化营商环境创新行动2021",
      region: "苏州工业园区",
      path: "二、（二）6 第2段",
      title: "提升企业开办便利度",
      text: "对符合条件的新开办企业实施公章刻制补贴政策。",
      textSimplified: null,
      units: ["行政审批局", "市场监管局"],
      leadUnits: [],
      supportUnits: [],
      deadline: null,
      unitText: "(责任单位:行政审批局、市场监管局)",
      score: 1,
    },
  ],
  mode: "llm",
  timings: { retrievalMs: 1, totalMs: 1 },
};

/** A chat model that always replies `reply` and records the prompts. */
function modelReplying(reply: string | Error): ChatModel & { prompts: string[] } {
  const prompts: string[] = [];
  return {
    name: "stub",
    prompts,
    async complete(messages) {
      prompts.push(messages.map((message) => message.content).join("\n"));
      if (reply instanceof Error) throw reply;
      return reply;
    },
    stream: () => {
      throw new Error("the judge does not stream");
    },
  };
}

describe("judgeFaithfulness", () => {
  it("scores the share of supported claims and lists the unsupported ones", async () => {
    const model = modelReplying('好的：{"claims":[{"claim":"有补贴","supported":true},{"claim":"补贴500元","supported":false}]}');
    const verdict = await judgeFaithfulness(model, "刻公章有补贴吗？", answered);
    expect(verdict).toEqual({ score: 0.5, claimCount: 2, unsupportedClaims: ["补贴500元"] });
    expect(model.prompts[0]).toContain("[1]《苏州工业园区优化营商环境创新行动2021》二、（二）6 第2段 提升企业开办便利度");
    expect(model.prompts[0]).toContain("责任单位：行政审批局、市场监管局");
  });

  it("does not judge refusals", async () => {
    const model = modelReplying("{}");
    expect(await judgeFaithfulness(model, "北京呢？", { ...answered, answerable: false, citations: [] })).toBeNull();
    expect(model.prompts).toEqual([]);
  });

  it("turns a failed call or an unreadable reply into a verdict with an error and no score", async () => {
    expect(await judgeFaithfulness(modelReplying(new Error("timeout")), "问", answered)).toMatchObject({ score: null, error: "timeout" });
    expect((await judgeFaithfulness(modelReplying("都支持"), "问", answered))?.error).toMatch(/no JSON object/);
    expect((await judgeFaithfulness(modelReplying('{"claims":[{"claim":1}]}'), "问", answered))?.error).toMatch(/claims\.0\.claim/);
  });
});

describe("parseJudgeReply", () => {
  it("reads a fenced JSON reply", () => {
    expect(parseJudgeReply('```json\n{"claims":[]}\n```')).toEqual({ claims: [] });
  });
});
