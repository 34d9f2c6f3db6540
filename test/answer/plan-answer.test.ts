import { describe, expect, it } from "vitest";
import { loadAnswerLexicon } from "../../src/answer/answer-lexicon.js";
import { composeEnglish } from "../../src/answer/compose-english.js";
import { composeExtractive } from "../../src/answer/compose-extractive.js";
import { planAnswer, type PlanInput } from "../../src/answer/plan-answer.js";
import { readQuestionIntent } from "../../src/answer/question-intent.js";
import type { QueryUnderstanding, RetrievedClause } from "../../src/retrieval/retriever.js";
import type { IndexedClause } from "../../src/store/indexed-clause.js";
import { createWordSegmenter } from "../../src/text/segment-words.js";

const lexicon = loadAnswerLexicon();
const segmenter = createWordSegmenter();

function clause(id: string, text: string, overrides: Partial<IndexedClause> = {}): IndexedClause {
  return {
    id,
    docId: "sip-2021",
    docTitle: "苏州工业园区优化营商环境创新行动2021",
    docShortName: "园区2021",
    region: "苏州工业园区",
    year: 2021,
    ordinal: 1,
    kind: "measure",
    path: `二、（一）${id}`,
    headings: [],
    title: `措施${id}`,
    text,
    units: ["行政审批局"],
    leadUnits: [],
    supportUnits: [],
    deadline: null,
    unitText: null,
    textSimplified: null,
    docListsUnits: true,
    ...overrides,
  };
}

const ranked = (clauses: IndexedClause[], scores: number[]): RetrievedClause[] =>
  clauses.map((indexed, index) => ({ clause: indexed, score: scores[index] ?? 0.5, similarity: 0.7, textScore: 1, sentenceSimilarity: 0.7, sentence: null }));

function plan(
  question: string,
  clauses: RetrievedClause[],
  overrides: Partial<QueryUnderstanding> = {},
  termRarity?: PlanInput["termRarity"],
): ReturnType<typeof planAnswer> {
  const understanding: QueryUnderstanding = {
    searchQuery: question,
    docIds: [],
    units: [],
    asksForUnit: false,
    asksForNumber: false,
    asksForUnitDuties: false,
    elsewhere: [],
    questionTerms: segmenter.tokens(question).filter((token) => token.length >= 2),
    language: "zh",
    followUp: false,
    wantsNewest: false,
    unknownYears: [],
    outOfScope: [],
    asksForConfiguration: false,
    injections: 0,
    ...overrides,
  };
  const input: PlanInput = { question, understanding, clauses, intent: readQuestionIntent(question, [], lexicon), segmenter, lexicon, namedRegions: [], termRarity };
  return planAnswer(input);
}

const opening = clause("1", "优化企业开办服务。推进企业开办全程网办，提升办理便利度。", { units: ["行政审批局", "市场监管局"] });
const withTime = clause("2", "推行企业开办“一窗通办”。企业开办压缩至1个工作日内办结。", { units: ["市场监管局"], docShortName: "园区2023", docId: "sip-2023" });
const unrelated = clause("3", "推广电子发票。", { units: ["园区税务局"] });
const further = clause("4", "完善企业开办服务专区。", { title: "企业开办专区" });

describe("planAnswer + composeExtractive", () => {
  it("leads with the best clause that states the asked time, even ranked second, then its units once", () => {
    const answer = composeExtractive(plan("企业开办要多久？", ranked([opening, withTime, unrelated, further], [1, 0.9, 0.8, 0.6])));
    const lines = answer.split("\n");
    expect(lines[0]).toBe("企业开办压缩至1个工作日内办结。[2]");
    expect(lines[1]).toBe("责任单位：市场监管局（《园区2023》措施2）");
    expect(answer).not.toMatch(/根据文件/);
    expect(answer.match(/责任单位：市场监管局/g)).toHaveLength(1);
  });

  it("gives the lead measure's 完成时限 beside its units when asked by when, and only then", () => {
    const dated = clause("5", "健全企业诉求“接诉即办”机制。一般诉求3个工作日内办结。", { units: ["区营商办"], leadUnits: ["区营商办"], deadline: "长期坚持" });
    const asked = composeExtractive(plan("这项工作由哪个部门牵头？完成时间是什么时候？", ranked([dated, unrelated], [1, 0.5]), { asksForUnit: true }));
    expect(asked.split("\n")[0]).toBe("牵头单位：区营商办；完成时限：长期坚持[1]（《园区2021》措施5）");
    expect(composeEnglish(plan("By when will the complaint mechanism be done?", ranked([dated, unrelated], [1, 0.5]), { language: "en", questionTerms: [] }), lexicon)).toContain("Deadline (完成时限): 长期坚持 [1].");
    expect(composeExtractive(plan("接诉即办机制怎么运作？", ranked([dated, unrelated], [1, 0.5])))).not.toContain("完成时限");
  });

  it("adds at most two supporting measures, one sentence each, and names the rest by title", () => {
    const many = [opening, withTime, clause("5", "建设企业开办综合窗口。设立开办专窗。"), clause("6", "企业开办实行一表申请。"), further];
    const answer = composeExtractive(plan("企业开办有什么便利措施？", ranked(many, [1, 0.95, 0.9, 0.85, 0.8])));
    const supporting = answer.split("\n").filter((line) => line.startsWith("另：") || line.startsWith("另据"));
    expect(supporting).toHaveLength(2);
    for (const line of supporting) expect(line.replace(/（[^）]*）$/, "").match(/[。；]/g)?.length ?? 0).toBeLessThanOrEqual(1);
    expect(answer.split("\n").at(-1)).toMatch(/^另见：《园区2021》/);
  });

  it("makes a gap reply when no cited sentence holds the asked fact: what is missing first, then the closest measure", () => {
    const result = plan("企业开办补贴能补多少钱？", ranked([opening, unrelated], [1, 0.9]));
    expect(result.gap).toMatchObject({ kind: "amount", topic: "企业开办" });
    expect(composeExtractive(result)).toMatch(/^文件没有规定企业开办的具体金额或比例；相关举措是：.*\[1\]/);
  });

  it("does not count a number that sits in a sentence about something else", () => {
    const mixed = clause("7", "实施首贷户贷款贴息贴费政策，加大小微企业信贷支持。优化政府性融资担保机构功能。担保费率降至1%以下。");
    expect(plan("首贷户贷款贴息能贴多少？", ranked([mixed], [1])).gap).toMatchObject({ kind: "amount" });
    expect(plan("担保费率能降到多少？", ranked([mixed], [1])).gap).toBeNull();
  });

  it("does not count a time stated about another thing that shares a common word with the question", () => {
    const permits = clause("8", "压缩建设工程许可办理时间。政府投资项目从申报立项用地规划许可证到竣工验收审批时间控制在68个工作日内。");
    const foreigners = clause("9", "提升外国人来华工作便利化。探索外国人工作许可证和居留许可“一窗受理”。");
    // 许可证 is in many measures, 外国人 in few: the corpus's rarity, as the index reports it.
    const rarity = (token: string) => ({ 许可证: 0.8, 许可: 0.7, 外国人: 4.5, 外国: 4.2 })[token] ?? 2;
    const question = "外国人工作许可证一般几个工作日能批下来？";
    expect(plan(question, ranked([foreigners, permits], [1, 0.95]), {}, rarity).gap).toMatchObject({ kind: "time" });
    // Without rarity, the shared 许可证 is enough, as before.
    expect(plan(question, ranked([foreigners, permits], [1, 0.95])).gap).toBeNull();
  });

  it("puts the units first when asked who is responsible", () => {
    const answer = composeExtractive(plan("企业开办归哪个部门管？", ranked([opening], [1]), { asksForUnit: true }));
    expect(answer.split("\n")[0]).toBe("责任单位：行政审批局、市场监管局[1]（《园区2021》措施1）");
  });

  it("writes the same plan in English around the Chinese quote", () => {
    const answer = composeEnglish(plan("企业开办要多久？", ranked([opening, withTime], [1, 0.9]), { language: "en" }), lexicon);
    expect(answer.split("\n")[0]).toBe("The plan, 《园区2023》措施2, says: “企业开办压缩至1个工作日内办结。” [2]");
    expect(answer).toContain("Responsible: Market Supervision Administration (市场监管局).");
  });

  it("keeps an English answer under 600 characters: a supporting measure past the budget is named, not quoted", () => {
    const long = (id: string, topic: string, detail: string, units: string[]) =>
      clause(id, `${topic}企业开办服务。${detail}，推动企业开办全流程便利化，企业开办登记注册更加便捷高效。`, { units, leadUnits: units.slice(0, 1) });
    const retrieved = ranked(
      [
        long("11", "优化", "夯实企业登记注册、公章刻制、银行开户、税务登记、员工参保、住房公积金“六合一”套餐式服务，升级线上平台", ["区行政审批局", "区市场监管局", "区公安分局", "区税务局", "区公积金分中心"]),
        long("12", "深化", "推行商事主体登记确认制改革，打造材料清单标准化、办理流程电子化、登记确认智能化的商事主体登记制度", ["区发展改革委", "区财政局", "区人力资源社会保障局", "区司法局"]),
        long("13", "提升", "在各街道便民服务中心设立企业开办专窗，提供免费帮办代办、免费刻制首套印章和免费邮寄执照服务", ["区数据局", "区住房城乡建设局", "区规划资源局", "区邮政管理局"]),
      ],
      [1, 0.98, 0.97],
    );
    // As query understanding gives an English question: its glossary terms in Chinese to search and quote by.
    const understood = { language: "en" as const, searchQuery: "company registration 企业开办 登记注册 便利" };
    const answer = composeEnglish(plan("How does the plan make company registration easier?", retrieved, understood), lexicon);
    expect(answer.length).toBeLessThanOrEqual(600);
    expect(answer).toMatch(/See also: .*\[3\]/);
  });
});
