import { describe, expect, it } from "vitest";
import { assembleClauseUnits } from "../../ingest/units/clause-units.js";
import { scanUnitBlocks } from "../../ingest/units/find-unit-blocks.js";
import { isGenericUnit, looksLikeUnit } from "../../ingest/units/unit-names.js";
import { createAnalysisCopy } from "../../src/text/analysis-copy.js";

/** The units a paragraph names, by role, as written. */
function read(paragraph: string) {
  const copy = createAnalysisCopy(paragraph);
  const { blocks, deadlines } = scanUnitBlocks(copy.text);
  const units = assembleClauseUnits([{ copy, blocks, deadlines }], false);
  return { lead: units.leadUnits, support: units.supportUnits, responsible: units.responsibleUnits, deadline: units.deadline, generic: units.genericUnits };
}

describe("the unit-block grammar", () => {
  const cases: [string, Partial<ReturnType<typeof read>>][] = [
    ["推进A。(责任单位:党政办(大数据管理局)、行政审批局、各相关单位)", { lead: [], responsible: ["党政办(大数据管理局)", "行政审批局"], generic: ["各相关单位"] }],
    ["推进A。（牵头单位：区发改委；责任单位：区司法局；完成时限：2024年6月底前完成）", { lead: ["区发改委"], responsible: ["区司法局"], deadline: "2024年6月底前" }],
    ["推进A。（区行政审批局、区住建局牵头，区城管局、区市场监管局按职责分工负责）", { lead: ["区行政审批局", "区住建局"], support: ["区城管局", "区市场监管局"] }],
    ["推进A。（区经发委、区商务局等区相关部门按职责分工负责）", { responsible: ["区经发委", "区商务局"], generic: ["区相关部门"] }],
    ["推进A。（由区发改委会同区财政局负责）", { lead: ["区发改委"], support: ["区财政局"] }],
    ["推进A。（责任单位：区人社局（牵头）、区财政局）", { lead: ["区人社局"], support: ["区财政局"] }],
    ["推进A。〔区文体和旅游局、区人力资源和社会保障局〕", { responsible: ["区文体和旅游局", "区人力资源和社会保障局"] }],
    ["推进A。（責任單位：區商務局、區財政局）", { responsible: ["區商務局", "區財政局"] }],
    ["推进A，由区市场监管局牵头，区商务局协办，2025年6月底前完成。", { lead: ["区市场监管局"], support: ["区商务局"], deadline: "2025年6月底前" }],
    ["推进A。责任单位：区财政局；配合单位：区税务局、各镇（街道）。", { lead: ["区财政局"], support: ["区税务局"], generic: ["各镇（街道）"] }],
    ["推进A。（牵头单位：区数据局；责任单位：区市场监管局、区税务局）", { lead: ["区数据局"], responsible: ["区市场监管局", "区税务局"] }],
    ["推进A。由区法院负责，区司法局配合。", { lead: ["区法院"], support: ["区司法局"] }],
    ["推进A。由区司法局牵头，区城管执法局配合，2025年3月底前公布首批清单。", { lead: ["区司法局"], support: ["区城管执法局"], deadline: "2025年3月底前" }],
    ["推进A。由区发改委牵头，各街镇具体实施，长期坚持。", { lead: ["区发改委"], generic: ["各街镇"], deadline: "长期坚持" }],
    // A bilingual plan: the English line of roles runs on after the Chinese block; its words are no deadline.
    ["推进A。牵头单位：区商务局；完成时限：2025年9月30日前Lead: District Commerce Bureau；Deadline: 30 September 2025", { lead: ["区商务局"], deadline: "2025年9月30日前" }],
    ["推进A。（责任单位：区发改委、区财政局，第一个为牵头单位）", { lead: ["区发改委"], support: ["区财政局"] }],
  ];

  it.each(cases)("%s", (paragraph, expected) => {
    expect(read(paragraph)).toMatchObject(expected);
  });

  it("does not take asides, periods or sentences for unit blocks", () => {
    for (const paragraph of ["建设“某区e办”（以下简称“e办”）平台。", "本方案（2024—2026年）。", "所有企业（含分公司）均可申报。", "推行证照联办（试行）。", "水、电、气、网(宽带)联合报装。", "各部门要加强配合。", "由企业自主负责。"]) {
      expect(scanUnitBlocks(createAnalysisCopy(paragraph).text).blocks, paragraph).toEqual([]);
    }
  });
});

describe("unit names", () => {
  it("look like units by their suffix, not by a word that merely ends like one", () => {
    for (const name of ["区市场监管局", "区大数据中心", "相城供电公司", "区委组织部", "园区海关", "区政府办（大数据管理局）", "区工商联"]) expect(looksLikeUnit(name), name).toBe(true);
    for (const name of ["一网通办", "试行", "优化布局", "经营场所", "含分公司", "园区", "全区"]) expect(looksLikeUnit(name), name).toBe(false);
  });

  it("tell generic phrases from units", () => {
    for (const name of ["各有关部门", "区各相关部门", "市级各有关部门", "各镇（街道）", "各板块", "区优化营商环境工作领导小组成员单位", "相关部门", "全区各部门"]) expect(isGenericUnit(name), name).toBe(true);
    for (const name of ["区发改委", "区政府办", "各"]) expect(isGenericUnit(name) && name !== "各", name).toBe(false);
  });
});
