import { describe, expect, it } from "vitest";
import { parseDocument, type ParsedDocument } from "../../ingest/parse-document.js";
import { readPlainText } from "../../ingest/read/read-plain-text.js";
import { formatUnits } from "../../src/answer/format-units.js";
import type { CatalogEntry } from "../../src/corpus/catalog.js";
import type { Clause } from "../../src/corpus/clause.js";

/**
 * Layouts no seed has, written for these tests: each plan is parsed from text
 * the way a .txt or .md file reaches the parser, and checked for what a
 * caller would see — which measures exist and who leads, supports or is
 * responsible for them.
 */
const entry: CatalogEntry = {
  id: "test-plan",
  title: "某区2024年优化营商环境行动方案",
  shortName: "某区2024",
  region: "某区",
  issuer: "某区人民政府",
  docNumber: null,
  date: "2024",
  year: 2024,
  file: "test-plan.txt",
};

function parse(text: string, format: "txt" | "md" = "txt"): ParsedDocument {
  return parseDocument({ format, blocks: readPlainText(text) }, entry);
}

function measures(parsed: ParsedDocument): Clause[] {
  return parsed.clauses.filter((clause) => clause.kind === "measure");
}

function starting(parsed: ParsedDocument, start: string): Clause {
  const clause = parsed.clauses.find((candidate) => candidate.text.startsWith(start));
  if (!clause) throw new Error(`no clause starts with ${start}: ${parsed.clauses.map((candidate) => candidate.text.slice(0, 12)).join(" | ")}`);
  return clause;
}

function responsible(clause: Clause): string[] {
  return clause.units.filter((unit) => !clause.leadUnits.includes(unit) && !clause.supportUnits.includes(unit));
}

describe("a plan of articles (第一条 …) with labels on lines of their own", () => {
  const parsed = parse(`某区人民政府办公室文件
某府办〔2024〕3号
关于印发《某区营商环境提升若干措施》的通知
各街道、区各部门：
现将《某区营商环境提升若干措施》印发给你们，请认真贯彻执行。
某区人民政府办公室
2024年3月1日
某区营商环境提升若干措施
第一条 为进一步优化营商环境，激发经营主体活力，结合本区实际，制定本措施。
第二条 压缩企业开办时间。企业设立登记、公章刻制、申领发票一日办结，全程网上办理。
牵头单位：区市场监管局
配合单位：区税务局、区公安分局
完成时限：2024年6月底前
第三条 推行工程建设项目“拿地即开工”，
对带方案出让的工业项目同步核发四证。
责任单位：区住建局、区规划资源局
第四条 本措施自印发之日起施行。`);

  it("finds the articles that are measures, not the purpose and entry-into-force articles", () => {
    expect(measures(parsed).map((clause) => clause.path)).toEqual(["第二条", "第三条"]);
    expect(parsed.clauses.find((clause) => clause.path === "第一条")?.kind).toBe("general");
    expect(parsed.clauses.find((clause) => clause.path === "第四条")?.kind).toBe("general");
  });

  it("leaves out the letterhead, the notice and the signature", () => {
    const text = parsed.clauses.map((clause) => clause.text).join("\n");
    expect(text).not.toMatch(/印发给你们|某府办|2024年3月1日/);
  });

  it("reads lead, support and deadline from their own lines, never glued into the text", () => {
    const two = starting(parsed, "压缩企业开办时间");
    expect(two.leadUnits).toEqual(["区市场监管局"]);
    expect(two.supportUnits).toEqual(["区税务局", "区公安分局"]);
    expect(two.deadline).toBe("2024年6月底前");
    expect(two.unitText).toBe("牵头单位：区市场监管局\n配合单位：区税务局、区公安分局");
  });

  it("rejoins a line broken mid-sentence but keeps the label line apart", () => {
    const three = starting(parsed, "推行工程建设项目");
    expect(three.text).toContain("“拿地即开工”，对带方案出让的工业项目同步核发四证。");
    expect(responsible(three)).toEqual(["区住建局", "区规划资源局"]);
    expect(three.leadUnits).toEqual([]);
  });
});

describe("chapters with articles, and labels of several roles in one block", () => {
  const parsed = parse(`第一章 总则
第一条 本方案适用于本区各类经营主体。
第二章 重点任务
第二条 深化“一件事”改革，推出企业迁移、注销等集成服务（牵头单位：区政务服务中心；责任单位：区市场监管局、区税务局；完成时限：2024年底前）。
第三条 建立涉企行政检查统筹机制，同一部门年度检查原则上不超过一次〔区司法局牵头，区各行政执法部门按职责分工负责〕。
第三章 附则
第四条 本方案由区发展改革委负责解释。`);

  it("keeps general chapters general and the measures of the task chapter", () => {
    expect(measures(parsed).map((clause) => clause.path)).toEqual(["第二章第二条", "第二章第三条"]);
  });

  it("gives each segment its own role and keeps labels out of names", () => {
    const two = starting(parsed, "深化“一件事”改革");
    expect(two.leadUnits).toEqual(["区政务服务中心"]);
    expect(responsible(two)).toEqual(["区市场监管局", "区税务局"]);
    expect(two.units.some((unit) => /单位|[:：]/.test(unit))).toBe(false);
    expect(two.deadline).toBe("2024年底前");
    const three = starting(parsed, "建立涉企行政检查统筹机制");
    expect(three.leadUnits).toEqual(["区司法局"]);
    expect(three.units).toEqual(["区司法局"]);
  });
});

describe("inline roles and deadlines in the sentence", () => {
  const parsed = parse(`一、重点任务
（一）优化纳税服务
1. 推广非接触式办税缴费，由区税务局牵头，区财政局、区人社局配合，2024年9月底前完成。
2. 建设企业综合服务平台，区工信局负责。
3. 推行“一业一证”改革，区行政审批局牵头，各街镇按职责分工负责，10月底前完成首批行业试点。
4. 加强对中小企业的政策宣传，各部门要加强配合。`);

  it("reads 由X牵头，Y配合 and X负责 and the deadline after them", () => {
    const one = starting(parsed, "推广非接触式办税缴费");
    expect(one.leadUnits).toEqual(["区税务局"]);
    expect(one.supportUnits).toEqual(["区财政局", "区人社局"]);
    expect(one.deadline).toBe("2024年9月底前");
    expect(responsible(starting(parsed, "建设企业综合服务平台"))).toEqual(["区工信局"]);
  });

  it("notes generic phrases without listing them, and takes a deadline that starts a sentence part", () => {
    const three = starting(parsed, "推行“一业一证”改革");
    expect(three.units).toEqual(["区行政审批局"]);
    expect(three.deadline).toBe("10月底前");
  });

  it("does not take 各部门要加强配合 for a unit block", () => {
    const four = starting(parsed, "加强对中小企业的政策宣传");
    expect(four.units).toEqual([]);
    expect(four.unitText).toBeNull();
  });
});

describe("bare unit lists after a sentence, and brackets that are something else", () => {
  const parsed = parse(`某区2024年优化营商环境行动方案（2024—2026年）
为持续优化营商环境，制定本方案。
一、主要任务
1. 推行企业登记全程电子化，实现营业执照线上办理。（区市场监管局、区大数据中心）
2. 打造“某区e办”（以下简称“e办”）平台，所有企业（含分公司）均可线上申报。【区政务服务中心】
3. 推动区财政局（国资办）牵头的国企改革事项公开透明。
4. 推行证照联办（试行）。`);

  it("reads a bracketed list of units after a sentence as responsible units", () => {
    expect(responsible(starting(parsed, "推行企业登记全程电子化"))).toEqual(["区市场监管局", "区大数据中心"]);
    expect(responsible(starting(parsed, "打造“某区e办”"))).toEqual(["区政务服务中心"]);
  });

  it("leaves asides, qualifiers and periods alone", () => {
    expect(starting(parsed, "推动区财政局").units).toEqual([]);
    expect(starting(parsed, "推行证照联办").units).toEqual([]);
    expect(parsed.diagnostics.notUnderstood).toEqual([]);
  });
});

describe("a plan in Traditional characters", () => {
  const parsed = parse(`一、重點任務
1. 優化企業開辦服務。推行開辦“一窗通”。（牽頭單位：區市場監管局；配合單位：區稅務局、區人社局）
2. 提升跨境貿易便利度。（責任單位：區商務局）`);

  it("reads Traditional labels and keeps names as written, with a Simplified text beside", () => {
    const one = starting(parsed, "優化企業開辦服務");
    expect(one.leadUnits).toEqual(["區市場監管局"]);
    expect(one.supportUnits).toEqual(["區稅務局", "區人社局"]);
    expect(one.textSimplified).toContain("优化企业开办服务");
    expect(responsible(starting(parsed, "提升跨境貿易便利度"))).toEqual(["區商務局"]);
  });
});

describe("the first unit listed leads, when the plan says so", () => {
  const parsed = parse(`一、主要任务
1. 推进政务服务“就近办”。（责任单位：区行政审批局、各街道）
2. 完善企业诉求闭环办理机制。（责任单位：区政务服务中心、区工商联、区司法局）
注：责任单位中排在首位的为牵头单位。`);

  it("makes the first unit of each block lead and the others support it", () => {
    const two = starting(parsed, "完善企业诉求闭环办理机制");
    expect(two.leadUnits).toEqual(["区政务服务中心"]);
    expect(two.supportUnits).toEqual(["区工商联", "区司法局"]);
    expect(starting(parsed, "推进政务服务").leadUnits).toEqual(["区行政审批局"]);
  });
});

describe("measures without units and a task table that restates them", () => {
  const parsed = parse(
    `## 一、重点任务

**推行项目审批“预审代办”。**对重大产业项目提供全流程帮办代办，审批时限压缩一半。

**开展惠企政策“直达快享”。**梳理可免申即享的政策清单，资金直接拨付到企业账户。

附件：重点任务清单

| 序号 | 重点任务 | 责任部门 | 协办部门 | 时间节点 |
| --- | --- | --- | --- | --- |
| 1 | 对重大产业项目提供全流程帮办代办 | 区发改委 | 区住建局、区自然资源局 | 2024年6月 |
| 2 | 梳理可免申即享的政策清单，资金直接拨付 | 区财政局 | 区科技局 | 长期坚持 |
| 3 | 开设企业服务专线 | 区工信局 |  | 2024年底前 |
`,
    "md",
  );

  it("finds the measures by their bold lead sentences", () => {
    expect(measures(parsed).map((clause) => clause.title)).toEqual(["推行项目审批“预审代办”", "开展惠企政策“直达快享”"]);
  });

  it("gives each measure the units, roles and deadlines of the rows that restate it", () => {
    const first = starting(parsed, "推行项目审批");
    expect(first.leadUnits).toEqual(["区发改委"]);
    expect(first.supportUnits).toEqual(["区住建局", "区自然资源局"]);
    expect(first.deadline).toBe("2024年6月");
    expect(first.unitText).toContain("任务清单第1项");
    expect(starting(parsed, "开展惠企政策").deadline).toBe("长期坚持");
  });

  it("keeps every row as a task clause, the one that matches no measure too", () => {
    const tasks = parsed.clauses.filter((clause) => clause.kind === "task");
    expect(tasks.map((clause) => clause.id)).toEqual(["test-plan:task.1", "test-plan:task.2", "test-plan:task.3"]);
    expect(parsed.unmatchedTaskRows).toEqual([3]);
    expect(tasks[2]?.leadUnits).toEqual(["区工信局"]);
  });
});

describe("one-sentence measures beside headings with measures under them", () => {
  const parsed = parse(`一、提升政务服务效能
（一）实现企业开办全程网办。（责任单位：区市场监管局）
（二）优化工程建设审批
1. 推行联合验收，验收时间压缩至5个工作日。（责任单位：区住建局）
2. 推行施工图数字化审查。（责任单位：区住建局、区行政审批局）
（三）深化“证照分离”改革，涉企经营许可事项全部纳入清单管理。（责任单位：区行政审批局）
（四）完善水电气联合报装，主要包括：
1）供电接入压缩至15个工作日；
2）供水接入压缩至5个工作日。
（责任单位：区住建局、区供电公司）`);

  it("tells a one-sentence measure from a heading by what follows it", () => {
    expect(measures(parsed).map((clause) => clause.path)).toEqual(["一、（一）", "一、（二）1", "一、（二）2", "一、（三）", "一、（四）"]);
  });

  it("keeps the items a measure introduces inside it, with the block after them", () => {
    const four = starting(parsed, "完善水电气联合报装");
    expect(four.text).toContain("2）供水接入压缩至5个工作日。");
    expect(responsible(four)).toEqual(["区住建局", "区供电公司"]);
  });
});

describe("what the answer says about units", () => {
  it("says the document lists no units only when it lists none anywhere (deadlines are not units)", () => {
    const none = parse(`一、主要任务
1. 优化企业开办服务。推行开办“一窗通”。
完成时限：2024年底前
2. 提升跨境贸易便利度。推行“两步申报”。`);
    expect(starting(none, "优化企业开办服务").deadline).toBe("2024年底前");
    expect(none.clauses.every((clause) => !clause.docListsUnits)).toBe(true);
    expect(formatUnits(starting(none, "优化企业开办服务"))).toBe("该文件未列明责任单位");

    const some = parse(`一、主要任务
1. 优化企业开办服务。推行开办“一窗通”。（责任单位：区市场监管局）
2. 提升跨境贸易便利度。推行“两步申报”。`);
    expect(formatUnits(starting(some, "提升跨境贸易便利度"))).toBe("该条未列明责任单位");
    expect(some.diagnostics.measuresWithoutUnits).toEqual(["一、2"]);
  });

  it("names lead and support units in one line, and quotes a block it could not read as written", () => {
    const parsed = parse(`一、主要任务
1. 优化企业开办服务。（牵头单位：区市场监管局；配合单位：区税务局）
2. 推进信用修复。（责任单位：）
3. 推进综合查一次。（各相关部门按职责分工负责）`);
    expect(formatUnits(starting(parsed, "优化企业开办服务"))).toBe("牵头单位：区市场监管局；配合单位：区税务局");
    expect(parsed.diagnostics.notUnderstood).toEqual(["（责任单位：）"]);
    expect(formatUnits(starting(parsed, "推进信用修复"))).toBe("责任单位见原文：（责任单位：）");
    expect(formatUnits(starting(parsed, "推进综合查一次"))).toBe("责任单位见原文：（各相关部门按职责分工负责）");
  });
});

describe("a unit block on a heading line scopes what is under it", () => {
  const parsed = parse(`一、主要任务
（一）优化工程建设审批（牵头单位：区住建局）
1. 推行联合验收。验收时间压缩至5个工作日。
2. 推行施工图数字化审查。（责任单位：区行政审批局）
（二）推进“一网通办”建设【责任单位】区大数据中心【配合单位】区各部门
推动高频事项全程网办。
拓展移动端办理事项。`);

  it("gives the heading's units to measures without their own, and keeps a measure's own", () => {
    expect(starting(parsed, "推行联合验收").leadUnits).toEqual(["区住建局"]);
    expect(responsible(starting(parsed, "推行施工图数字化审查"))).toEqual(["区行政审批局"]);
  });

  it("reads labels in brackets of their own (【责任单位】…) and keeps them out of the title", () => {
    const first = starting(parsed, "推动高频事项全程网办");
    expect(first.title).toBe("推进“一网通办”建设");
    expect(responsible(first)).toEqual(["区大数据中心"]);
    expect(responsible(starting(parsed, "拓展移动端办理事项"))).toEqual(["区大数据中心"]);
  });
});

describe("a PDF exported to text: decimal numbering, page headers and numbers, people beside units", () => {
  const parsed = parse(`某区2024年优化营商环境行动方案
1. 总体要求
坚持问题导向，持续优化营商环境，以企业获得感为评价标准，
推动政务服务从能办向好办转变。
2. 重点任务
2.1 推行企业开办“一网通办”，营业执照、公章、发票一
— 3 —
某区2024年优化营商环境行动方案
次申领，全程不超过一个工作日。（牵头单位：区市场监
管局；牵头领导：张三；联系电话：12345678）
2.2 推广“信易贷”平台，扩大中小企业信用贷款规模，
降低融资成本。（责任单位：区金融办 区发改委）`);

  it("nests 2.1 under 2 and rejoins the sentence the page break cut", () => {
    const first = starting(parsed, "推行企业开办“一网通办”");
    expect(first.path).toBe("2.1");
    expect(first.headings).toEqual(["2. 重点任务", "2.1 推行企业开办“一网通办”，营业执照、公章、发票一次申领，全程不超过一个工作日"]);
    expect(first.text).toContain("发票一次申领，全程不超过一个工作日。");
    expect(first.text).not.toContain("— 3 —");
  });

  it("skips labels of people and phone numbers, and splits units a space separates", () => {
    expect(starting(parsed, "推行企业开办").units).toEqual(["区市场监管局"]);
    expect(responsible(starting(parsed, "推广“信易贷”平台"))).toEqual(["区金融办", "区发改委"]);
  });
});

describe("a plan that is one task table", () => {
  const parsed = parse(`某区2024年营商环境重点任务清单
序号\t工作任务\t责任部门\t协办部门\t时间节点
1\t推行惠企政策免申即享\t区财政局\t区发改委、区科技局\t2024年6月底前
2\t建立企业服务专员制度\t区工信局\t各街道\t2024年底前`);

  it("reads its rows as the plan's measures, the responsible column leading where a support column stands beside it", () => {
    const rows = measures(parsed);
    expect(rows.map((clause) => clause.text.slice(0, 6))).toEqual(["推行惠企政策", "建立企业服务"]);
    expect(parsed.clauses.filter((clause) => clause.kind === "task")).toEqual([]);
    expect(rows.map((clause) => clause.leadUnits)).toEqual([["区财政局"], ["区工信局"]]);
    expect(rows[0]?.supportUnits).toEqual(["区发改委", "区科技局"]);
    expect(rows[1]?.supportUnits).toEqual([]);
    expect(rows.map((clause) => clause.deadline)).toEqual(["2024年6月底前", "2024年底前"]);
  });
});

describe("a plan whose measures are rows of a table in its body, a task column grouping them", () => {
  const parsed = parse(`某区2025年优化营商环境行动方案
一、重点任务
围绕两个方面实施3项重点任务，具体见下表。
某区2025年重点任务表
序号\t工作任务\t具体措施\t牵头单位\t配合单位\t完成时间
1\t优化市场准入\t推行企业开办“一日办结”。企业开办压缩至0.5个工作日以内。\t区行政审批局\t区市场监管局、区税务局\t2025年6月30日前
2\t优化市场准入\t开展“一照多址”改革。连锁企业增设经营场所免于办理分支机构登记。\t区市场监管局\t区商务局、各街道\t2025年12月31日前
3\t强化要素保障\t优化水电气接入服务。用水报装时间压减至2个工作日以内。\t区住建局\t区供水公司\t长期坚持
二、保障措施
（一）加强组织领导。区营商办负责日常协调调度。`);

  it("takes each row for a measure, titled by its lead sentence, its units and deadline from the row", () => {
    const rows = parsed.clauses.filter((clause) => clause.leadUnits.length > 0);
    expect(rows.map((clause) => clause.kind)).toEqual(["measure", "measure", "measure"]);
    expect(rows.map((clause) => clause.title)).toEqual(["推行企业开办“一日办结”", "开展“一照多址”改革", "优化水电气接入服务"]);
    expect(rows[0]?.text.startsWith("推行企业开办")).toBe(true);
    expect(rows[1]?.supportUnits).toEqual(["区商务局"]);
    expect(rows[2]?.deadline).toBe("长期坚持");
  });

  it("takes neither the pointer to the table nor its caption for a measure", () => {
    expect(measures(parsed).filter((clause) => /见下表|任务表/.test(clause.text))).toEqual([]);
    expect(parsed.clauses.find((clause) => clause.text.includes("具体见下表"))?.kind).toBe("general");
  });

  it("keeps the grouping column as the measures' heading, not glued to their text", () => {
    const rows = parsed.clauses.filter((clause) => clause.leadUnits.length > 0);
    expect(rows.map((clause) => clause.headings.at(-1))).toEqual(["优化市场准入", "优化市场准入", "强化要素保障"]);
    expect(rows.some((clause) => clause.text.includes("优化市场准入"))).toBe(false);
  });
});

describe("a notice with numbered points of its own, the plan attached after it", () => {
  const parsed = parse(`某区人民政府关于印发《某区营商环境三年行动方案》的通知
各街道、区各部门：
现将《某区营商环境三年行动方案》印发给你们，并提出以下要求：
一、加强组织领导，明确责任分工。
二、加强督查考核，确保取得实效。
附件：某区营商环境三年行动方案
某区人民政府
2024年5月6日
某区营商环境三年行动方案
为打造一流营商环境，制定本方案。
一、重点任务
● 推行涉企事项“一表通办”。（责任单位：区政务服务中心）
● 建立企业诉求“直通车”。责任单位（排在首位的为牵头单位）：区工商联、区工信局`);

  it("reads the plan, not the notice's own points", () => {
    expect(parsed.clauses[0]?.text).toBe("为打造一流营商环境，制定本方案。");
    expect(parsed.clauses.some((clause) => clause.text.includes("加强督查考核"))).toBe(false);
  });

  it("takes bullets for measures and reads a note beside a label", () => {
    expect(measures(parsed).map((clause) => clause.path)).toEqual(["一、第1项", "一、第2项"]);
    const second = starting(parsed, "建立企业诉求");
    expect(second.leadUnits).toEqual(["区工商联"]);
    expect(second.supportUnits).toEqual(["区工信局"]);
  });
});

describe("an introduction that ends in a colon, and the same unit line under several measures", () => {
  const parsed = parse(`某区关于进一步优化营商环境的若干措施
为进一步激发经营主体活力，结合我区实际，制定如下措施：
一、推行惠企政策“免申即享”，梳理公布免申清单。
（区发改委）
二、推行涉企检查“综合查一次”，减少对企业的打扰。
（区司法局）
三、建立企业诉求“一号通办”机制，限时办结企业诉求。
（区发改委）`);

  it("keeps the introduction and gives each measure its own unit line", () => {
    expect(parsed.clauses[0]?.text).toBe("为进一步激发经营主体活力，结合我区实际，制定如下措施：");
    expect(measures(parsed).map(responsible)).toEqual([["区发改委"], ["区司法局"], ["区发改委"]]);
  });
});

describe("a unit block before the measure's text, and a measure that only mentions 保障措施", () => {
  const parsed = parse(`一、重点任务
1. 推行“证照联办”。
（责任单位：区市场监管局）推动营业执照与经营许可证同步申请、同步发放。
2. 完善企业权益保障措施。建立涉企纠纷多元化解机制。（责任单位：区司法局）
二、保障措施
加强督查考核，定期通报进展。`);

  it("keeps a block that opens running text with that text", () => {
    expect(responsible(starting(parsed, "（责任单位：区市场监管局）推动营业执照"))).toEqual(["区市场监管局"]);
  });

  it("reads a measure about 保障措施 as a measure, and the part 保障措施 as general", () => {
    expect(starting(parsed, "完善企业权益保障措施").kind).toBe("measure");
    expect(starting(parsed, "加强督查考核").kind).toBe("general");
  });
});

describe("a markdown list of measures under a heading", () => {
  const parsed = parse(
    `## 一、重点任务
### （二）项目建设
- 推行“拿地即开工”。（区住建局）
- 推行联合验收。（区住建局、区规划局）`,
    "md",
  );

  it("takes each item for a measure, its mark left out", () => {
    expect(measures(parsed).map((clause) => [clause.path, clause.text])).toEqual([
      ["一、（二）第1项", "推行“拿地即开工”。（区住建局）"],
      ["一、（二）第2项", "推行联合验收。（区住建局、区规划局）"],
    ]);
  });
});

describe("parts (第一部分) with items (第一项), and a note under the title on how to read the unit lists", () => {
  // The note is in italics, so it does not read as the introduction's last sentence.
  const parsed = parse(`# 某区2024年优化营商环境行动方案

*说明：各项任务后括号内所列单位，排在首位的为牵头单位，其余为配合单位。*

第一部分 总体要求
坚持问题导向，全年推出若干项重点举措。
第二部分 政务服务
第一项 推进企业开办一日办结，免费刻制首套印章。（区市场监管局、区公安分局、区税务局）
第二项 推行涉企事项“免申即享”，全年新增事项不少于20项。（区发展改革委、区财政局）`, "md");

  it("finds each item as a measure under its part", () => {
    expect(measures(parsed).map((clause) => clause.path)).toEqual(["第二部分第一项", "第二部分第二项"]);
  });

  it("applies the note to every list: the first unit leads, the others support", () => {
    const one = starting(parsed, "推进企业开办");
    expect(one.leadUnits).toEqual(["区市场监管局"]);
    expect(one.supportUnits).toEqual(["区公安分局", "区税务局"]);
    expect(starting(parsed, "推行涉企事项").leadUnits).toEqual(["区发展改革委"]);
  });
});

describe("one unit block for a run of measures (以上第二项至第三项：…), written under the last of them", () => {
  const parsed = parse(`第一部分 重点任务
第一项 推进企业开办全程网办。【主办单位：区市场监管局】
第二项 推行产业项目“拿地即开工”，签订出让合同后3个工作日内核发施工许可证。
第三项 实施低风险项目“一站式”审批，将工程规划许可和施工许可合并办理，从立项到取得不动产登记证全程不超过15个工作日。
以上第二项至第三项：
主办单位：区建设管理委
协办单位：区规划资源局
时间节点：2024年12月底前
第四项 压缩水电气接入时间。`);

  it("gives every measure of the run the block's units and deadline, and leaves the others theirs", () => {
    for (const start of ["推行产业项目", "实施低风险项目"]) {
      const clause = starting(parsed, start);
      expect(clause.leadUnits).toEqual(["区建设管理委"]);
      expect(clause.supportUnits).toEqual(["区规划资源局"]);
      expect(clause.deadline).toBe("2024年12月底前");
    }
    expect(starting(parsed, "推进企业开办").leadUnits).toEqual(["区市场监管局"]);
    expect(starting(parsed, "压缩水电气").units).toEqual([]);
  });
});

describe("a measure whose sub-items run on as one list before its block", () => {
  const parsed = parse(`某区2025年营商环境改革若干措施
一、提升市场准入便利度
（一）开展“证照联办”改革。实行营业执照与经营许可一次申请。
主责单位：区市场监管局
完成时间：2025年第三季度
（二）优化企业注销全流程服务。
1.推广简易注销，公告时间由45天压减至20天；
2.对未办理过涉税事宜的纳税人，免于办理清税证明；
3.建立注销“一网服务”专区。
主责单位：区市场监管局
协同单位：区税务局、区人社局
完成时间：2025年第四季度
（三）推行“一业一证”。
1.选取10个行业试点。责任单位：区行政审批局
2.编制行业综合许可清单。责任单位：区司法局`);

  it("keeps the items with their head as one measure with the block's units", () => {
    const cancel = starting(parsed, "优化企业注销");
    expect(cancel.text).toContain("公告时间由45天压减至20天");
    expect(cancel.text).toContain("建立注销“一网服务”专区");
    expect(cancel.supportUnits).toEqual(["区税务局", "区人社局"]);
    expect(cancel.deadline).toBe("2025年第四季度");
  });

  it("still takes items with blocks of their own for measures", () => {
    expect(starting(parsed, "选取10个行业").units).toEqual(["区行政审批局"]);
    expect(starting(parsed, "编制行业综合许可清单").units).toEqual(["区司法局"]);
  });
});

describe("a text hard-wrapped at a fixed width, a unit name broken at the line's end", () => {
  // Every full line holds 20 characters, as a copy out of a PDF page does.
  const parsed = parse(`某区2025年营商环境改革措施
一、提升市场准入便利度
（一）推进企业开办全程网办。企业开办时间压
缩至0.5个工作日，实现一次都不跑的目标。
主责单位：区市场监管局
协同单位：区住房城乡建设局、某市某区供水
有限公司、某区燃气有限公司
完成时间：2025年第二季度
（二）开展证照联办改革。选取餐饮药店等20
个高频行业，实行营业执照与许可一并申请。
主责单位：区市场监管局
完成时间：2025年第三季度`);

  it("joins the name across the break", () => {
    const first = starting(parsed, "推进企业开办");
    expect(first.supportUnits).toEqual(["区住房城乡建设局", "某市某区供水有限公司", "某区燃气有限公司"]);
    expect(first.deadline).toBe("2025年第二季度");
    expect(starting(parsed, "开展证照联办").text).toContain("选取餐饮药店等20个高频行业");
  });
});
