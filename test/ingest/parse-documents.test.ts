import { readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ParsedDocument } from "../../ingest/parse-document.js";
import type { Clause } from "../../src/corpus/clause.js";
import { clauseSchema } from "../../src/corpus/clause.js";
import { countPinyinAnnotations } from "../../src/text/normalize.js";
import { parseRealCorpus, seedsDir } from "../support/load-corpus.js";

let corpus: Map<string, ParsedDocument>;
beforeAll(async () => {
  corpus = await parseRealCorpus();
});

function clausesOf(docId: string): Clause[] {
  const parsed = corpus.get(docId);
  if (!parsed) throw new Error(`no document ${docId}`);
  return parsed.clauses;
}

function measureClauses(docId: string, measure: number): Clause[] {
  return clausesOf(docId).filter((clause) => clause.kind === "measure" && new RegExp(`[）)]${measure}( |（|$)`).test(clause.path));
}

describe("every document", () => {
  it("parses into valid clauses with unique, stable ids and no page chrome", () => {
    for (const [docId, parsed] of corpus) {
      const ids = parsed.clauses.map((clause) => clause.id);
      expect(new Set(ids).size, docId).toBe(ids.length);
      for (const clause of parsed.clauses) {
        clauseSchema.parse(clause);
        expect(clause.text).not.toMatch(/当前位置|发表于|字號|相關附件|分享:|抄送|\*\*|<b>|^#/);
        expect(clause.leadUnits.every((unit) => clause.units.includes(unit)), clause.id).toBe(true);
      }
    }
  });

  it("keeps general sections as clauses without units", () => {
    const general = clausesOf("sip-2021").find((clause) => clause.title === "总体要求");
    expect(general?.kind).toBe("general");
    expect(general?.units).toEqual([]);
    expect(clausesOf("xiangcheng-2022").some((clause) => clause.headings[0]?.includes("组织保障"))).toBe(true);
  });
});

describe("sip-2021 (园区2021)", () => {
  it("has its 26 numbered measures, every paragraph of them with units", () => {
    const measures = clausesOf("sip-2021").filter((clause) => clause.headings.length === 3);
    const numbers = new Set(measures.map((clause) => clause.headings[2]!.split(".")[0]));
    expect(numbers.size).toBe(26);
    for (const clause of measures) expect(clause.units.length, clause.id).toBeGreaterThan(0);
  });

  it("measure 7 优化企业注销流程 → 市场监管局, 行政审批局, 园区法院", () => {
    const [clause] = measureClauses("sip-2021", 7);
    expect(clause?.title).toBe("优化企业注销流程");
    expect(clause?.path).toBe("二、（二）7");
    expect(clause?.units).toEqual(["市场监管局", "行政审批局", "园区法院"]);
    expect(clause?.unitText).toContain("各相关部门");
  });

  it("keeps parentheses inside unit names", () => {
    const [first] = measureClauses("sip-2021", 1);
    expect(first?.units).toContain("党政办(大数据管理局)");
  });
});

describe("snd-2021 (高新区2021, a PDF export)", () => {
  it("rejoins words and paragraphs the export broke", () => {
    const texts = clausesOf("snd-2021").map((clause) => clause.text).join("\n");
    expect(texts).toContain("实施机关");
    expect(texts).not.toContain("实施机 关");
    expect(texts).toContain("“双推送”“双回路”");
  });

  it("measure 10 → 区编办, 区行政审批局 as leads", () => {
    const [clause] = measureClauses("snd-2021", 10);
    expect(clause?.title).toBe("强化审管衔接");
    expect(clause?.leadUnits).toEqual(["区编办", "区行政审批局"]);
  });

  it("separates a measure that the export ran on after the previous unit block", () => {
    const [eight] = measureClauses("snd-2021", 8);
    expect(eight?.text.startsWith("全面推行证明事项")).toBe(true);
    const [seven] = measureClauses("snd-2021", 7);
    expect(seven?.text).not.toContain("全面推行证明事项和涉企经营许可事项告知承诺制。全面推行");
  });

  it("keeps lead units apart from units that only share the work", () => {
    const [clause] = measureClauses("snd-2021", 22);
    expect(clause?.leadUnits).toEqual(["区行政审批局"]);
    expect(clause?.supportUnits).toEqual(["区市场监管局", "区住建局", "区社会事业局", "区人社局", "区资规分局", "区公安分局"]);
    const [six] = measureClauses("snd-2021", 6);
    expect(six?.leadUnits).toEqual(["区行政审批局", "区住建局", "区资规分局"]);
    expect(six?.supportUnits).toEqual(["区城管局", "区市场监管局", "区生态环境局"]);
  });

  it("units that 按职责分工负责 with no lead named are responsible, not support", () => {
    const [clause] = measureClauses("snd-2021", 28);
    expect(clause?.leadUnits).toEqual([]);
    expect(clause?.supportUnits).toEqual([]);
    expect(clause?.units).toEqual(["区行政审批局", "区市场监管局", "区公安分局", "区税务局", "区公积金分中心"]);
  });

  it("reads the deadline a measure states (2021年底前实现…)", () => {
    const [clause] = measureClauses("snd-2021", 24);
    expect(clause?.deadline).toBe("2021年底前");
  });
});

describe("jiading-2023 (嘉定2023, Traditional with pinyin)", () => {
  it("drops every pinyin annotation and ?? but keeps the original characters", async () => {
    const raw = await readFile(path.join(seedsDir, "jiading-2023.txt"), "utf8");
    expect(countPinyinAnnotations(raw)).toBe(845);
    const text = clausesOf("jiading-2023").map((clause) => clause.text).join("\n");
    expect(text).not.toMatch(/\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)/);
    expect(text).not.toContain("??");
    expect(text).toContain("區");
    expect(text).toContain("(寬帶)");
  });

  it("has 24 measures, none with units", () => {
    const clauses = clausesOf("jiading-2023");
    expect(new Set(clauses.filter((clause) => clause.headings.length === 3).map((clause) => clause.headings[2])).size).toBe(24);
    for (const clause of clauses) expect(clause.units).toEqual([]);
    expect(clauses.every((clause) => !clause.docListsUnits && clause.unitText === null)).toBe(true);
  });

  it("carries a Simplified text beside the Traditional one", () => {
    const [first] = measureClauses("jiading-2023", 1);
    expect(first?.text).toContain("水電氣網報裝更快捷");
    expect(first?.textSimplified).toContain("水电气网报装更快捷");
    expect(clausesOf("sip-2021").every((clause) => clause.textSimplified === null)).toBe(true);
  });
});

describe("xiangcheng-2022 (相城2022)", () => {
  it("measure 10 (牵头单位) → 区人社局, 区法院", () => {
    const [clause] = measureClauses("xiangcheng-2022", 10);
    expect(clause?.leadUnits).toEqual(["区人社局", "区法院"]);
  });

  it("reads [责任单位：…] blocks, nested and 〔〕 ones included", () => {
    const [first] = measureClauses("xiangcheng-2022", 1);
    expect(first?.units).toEqual(["区发改委", "区商务局", "区行政审批局", "区市场监管局"]);
    expect(first?.title).toBe("全面落实市场准入负面清单");
    const [fortyFive] = measureClauses("xiangcheng-2022", 45);
    expect(fortyFive?.units[0]).toBe("区发改委");
    const [twentyFour] = measureClauses("xiangcheng-2022", 24);
    expect(twentyFour?.units).toContain("相城供电公司");
  });

  it("notes 领导小组成员单位 as a generic phrase, not a unit, and keeps the block as written", () => {
    const [fortySeven] = measureClauses("xiangcheng-2022", 47);
    expect(fortySeven?.units).toEqual(["区发改委"]);
    const members = clausesOf("xiangcheng-2022").find((clause) => clause.id === "xiangcheng-2022:6.3");
    expect(members?.units).toEqual([]);
    expect(members?.unitText).toBe("（责任单位：区优化营商环境工作领导小组成员单位）");
  });

  it("has 58 measures", () => {
    const measures = clausesOf("xiangcheng-2022").filter((clause) => clause.headings.length === 3);
    expect(new Set(measures.map((clause) => clause.headings[2])).size).toBe(58);
  });
});

describe("sip-2023 (园区2023, with its task table)", () => {
  it("reads the 107 task rows, cell spaces removed", () => {
    const rows = clausesOf("sip-2023").filter((clause) => clause.kind === "task");
    expect(rows).toHaveLength(107);
    const six = rows.find((clause) => clause.id === "sip-2023:task.6");
    expect(six?.leadUnits).toEqual(["行政审批局", "园区税务局", "人社局", "园区海关"]);
  });

  it("gives the narrative sentence about 全链通 the leads of its task rows", () => {
    const narrative = clausesOf("sip-2023").find((clause) => clause.kind !== "task" && clause.text.includes("全链通"));
    expect(narrative?.leadUnits).toEqual(expect.arrayContaining(["行政审批局", "园区税务局", "人社局", "园区海关"]));
  });

  it("matches every task row to a narrative paragraph", () => {
    expect(corpus.get("sip-2023")?.unmatchedTaskRows).toEqual([]);
  });

  it("drops the markdown heading marks whatever their level", () => {
    const headings = clausesOf("sip-2023").flatMap((clause) => clause.headings);
    expect(headings).toContain("三、聚焦需求深化制度供给，为产业发展创造全方位宽松环境");
    expect(headings.some((heading) => heading.includes("#") || heading.includes("*"))).toBe(false);
  });
});
