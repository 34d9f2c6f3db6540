import { createAnalysisCopy } from "./src/text/analysis-copy.ts";
import { parseUnitText } from "./ingest/units/parse-unit-text.ts";
const samples = [
  "(责任单位:党政办(大数据管理局)、行政审批局、各相关单位)",
  "[责任单位：区发改委、区商务局、区行政审批局、区市场监管局，区各相关部门按职责分工负责，各镇(街道、区)]",
  "(区政府推进职能转变和“放管服”改革协调小组办公室<以下简称协调办>牵头,各相关部门、各板块按职责分工负责)",
  "(区行政审批局、区住建局、区资规分局牵头,区城管局、区市场监管局、区生态环境局按职责分工负责)",
  "(区经发委、区商务局、区政法委等区相关部门按职责分工负责)",
  "(区行政审批局、区经发委、区公安分局牵头、各相关部门、各板块按职责分工负责)",
  "(区行政审批局牵头,区市场监管局、区住建局、区社会事业局、区人社局、区资规分局、区公安分局,各板块按职责分工负责)",
  "（牵头单位：区发改委；责任单位：区司法局；完成时限：2024年6月底前完成）",
  "（牽頭單位：區發改委；配合單位：區財政局、區稅務局）",
  "（责任单位：区发改委、区财政局，第一个为牵头单位，下同）",
  "由区市场监管局牵头，区商务局、区税务局配合，2025年6月底前完成",
  "（责任单位：区发改委、区社会信用体系建设领导小组成员单位）",
  "（区市场局、区大数据中心）",
  "牵头单位：区发改委 配合单位：区财政局",
  "（由区发改委会同区财政局负责）",
  "（责任单位：区人社局（牵头）、区财政局）",
];
for (const s of samples) {
  const c = createAnalysisCopy(s);
  const p = parseUnitText(c.text, { start: 0, end: c.text.length }, {});
  const w = (sp: any) => c.writtenSlice(sp.start, sp.end);
  console.log(s, "\n   ", p.mentions.map(m => `${m.role}:${w(m.span)}`).join(" "), "| generic:", p.generic.map(w).join(","), "| deadline:", p.deadlines.map(w).join(","), "| leadFirst:", p.leadFirst, "| rejected:", p.rejected.map(w));
}
