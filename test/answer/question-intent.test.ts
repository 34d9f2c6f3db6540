import { describe, expect, it } from "vitest";
import { loadAnswerLexicon } from "../../src/answer/answer-lexicon.js";
import { gapTopic } from "../../src/answer/gap-topic.js";
import { factKindsOf, readQuestionIntent } from "../../src/answer/question-intent.js";

const lexicon = loadAnswerLexicon();
const kinds = (question: string, history: { role: "user" | "assistant"; content: string }[] = []) => readQuestionIntent(question, history, lexicon);

describe("readQuestionIntent: what a question asks for, from the cues in lexicon/intents.json", () => {
  it("reads a time limit, an amount, materials, a contact and a date", () => {
    expect(kinds("企业注销一般要多久才能办完？").factKinds).toEqual(["time"]);
    expect(kinds("新开的公司刻章能补多少钱？").factKinds).toEqual(["amount"]);
    expect(kinds("在相城报装用水要准备哪些材料？").factKinds).toEqual(["materials"]);
    expect(kinds("企业服务热线电话是多少？").factKinds).toEqual(["contact"]);
    expect(kinds("年报截止日期是几月几号？").factKinds).toEqual(["date"]);
    expect(kinds("How long does it take to get a construction permit?").factKinds).toEqual(["time"]);
    expect(kinds("园区歇业备案最长可以歇几年？").factKinds).toEqual(["time"]);
    expect(kinds("申请海关AEO高级认证要满足哪些具体标准？").factKinds).toEqual(["conditions"]);
  });

  it("reads cues with words between their parts: 什么…条件, 补贴…多少, 多少…奖励", () => {
    expect(kinds("无人配送车上路测试要满足哪些具体技术条件？").factKinds).toEqual(["conditions"]);
    expect(kinds("企业在科创板上市能给多少奖励？").factKinds).toEqual(["amount"]);
    expect(kinds("新开办企业的刻章费用补贴标准是多少？").factKinds).toContain("amount");
    expect(kinds("办理施工许可要带哪些纸质材料？").factKinds).toEqual(["materials"]);
    // A list cut by a comma is two parts: the pattern does not reach across it.
    expect(kinds("我们有补贴，想问问审批要多久？").factKinds).toEqual(["time"]);
  });

  it("reads a share or rate apart from an amount: only a percentage, 成 or a stated rate answers it, not a sum", () => {
    expect(kinds("银行贷款出了坏账，风险补偿资金池能补几成？").factKinds).toEqual(["ratio"]);
    expect(kinds("What percentage of the loan interest is subsidised?").factKinds).toEqual(["ratio"]);
    expect(factKindsOf("园区风险补偿资金池总规模扩大至10亿元。", lexicon).has("ratio")).toBe(false);
    expect(factKindsOf("贴息比例为贷款市场报价利率的30%。", lexicon).has("ratio")).toBe(true);
    expect(factKindsOf("对损失给予七成补偿。", lexicon).has("ratio")).toBe(true);
    expect(factKindsOf("担保费率降至0.5%。", lexicon).has("amount")).toBe(true);
  });

  it("takes a specific cue whole: 多少个工作日 is a time, not also a bare quantity", () => {
    expect(kinds("施工许可要多少个工作日？").factKinds).toEqual(["time"]);
    expect(kinds("网上能办的事项有多少项？").factKinds).toEqual(["quantity"]);
  });

  it("asks for no fact when the question proper is a yes/no or who question, whatever numbers its context mentions", () => {
    expect(kinds("仓库要测好几次，能不能合成一次？").factKinds).toEqual([]);
    expect(kinds("欠费几天会被停电吗？").factKinds).toEqual([]);
    expect(kinds("店里想先停业几个月，歇业备案归哪个部门管？")).toEqual({ kinds: ["unit"], factKinds: [] });
    expect(kinds("Can we file customs declarations online?").kinds).toEqual(["yesno"]);
  });

  it("reads each question of a message: a second one asking for a number still counts", () => {
    expect(kinds("帮办能不能线上转人工？多快能有人回应？").factKinds).toEqual(["time"]);
  });

  it("gives an elliptical follow-up the previous question's intent", () => {
    expect(kinds("那相城区呢？", [{ role: "user", content: "园区开公司最快几天办完？" }]).factKinds).toEqual(["time"]);
    expect(kinds("那相城区呢？").kinds).toEqual([]);
  });
});

describe("factKindsOf: what kind of fact a sentence holds", () => {
  it("finds a number with a time unit, a currency amount, a percentage, a contact", () => {
    expect(factKindsOf("审批时间压减至三十个工作日。", lexicon).has("time")).toBe(true);
    // Years as a span, never a calendar year or a plan's name.
    expect(factKindsOf("许可有效期延长至5年。", lexicon).has("time")).toBe(true);
    expect(factKindsOf("2024年底前完成。", lexicon).has("time")).toBe(false);
    expect(factKindsOf("实施三年行动计划。", lexicon).has("time")).toBe(false);
    expect(factKindsOf("每户补贴最高20万元。", lexicon).has("amount")).toBe(true);
    expect(factKindsOf("担保费率降至1%以下。", lexicon).has("amount")).toBe(true);
    expect(factKindsOf("拨打12345热线反映诉求。", lexicon).has("contact")).toBe(true);
    expect(factKindsOf("提交申请表和营业执照副本等材料。", lexicon).has("materials")).toBe(true);
  });

  it("does not read words as numbers: 统一日常 holds no time, 一件事 no quantity, a plain measure no amount", () => {
    expect(factKindsOf("实行统一日常监管。", lexicon).has("time")).toBe(false);
    expect(factKindsOf("推进企业开办一件事。", lexicon).has("quantity")).toBe(false);
    expect(factKindsOf("推进出口退税办理流程改造提速。", lexicon)).toEqual(new Set());
  });
});

describe("gapTopic: what a gap reply says the documents leave open", () => {
  it("is the longest stretch of the question the clause also says, grown from one of its content words", () => {
    expect(gapTopic("简易注销的公告期现在压缩到几天了？", ["简易", "注销", "公告期"], "压缩企业简易注销登记公告时间")).toBe("简易注销");
    expect(gapTopic("我们出口电子元器件，现在出口退税率是多少？", ["出口", "电子元器件", "退税率"], "推进出口退税办理流程改造提速")).toBe("出口退税");
    expect(gapTopic("员工工资怎么算？", ["员工", "工资"], "推进出口退税办理流程改造提速")).toBeNull();
  });
});
