import path from "node:path";
import { describe, expect, it } from "vitest";
import { inferMetadata } from "../../../ingest/catalog/infer-metadata.js";
import { readDocumentFile } from "../../../ingest/read/read-document-file.js";
import { readPlainText } from "../../../ingest/read/read-plain-text.js";
import { projectRoot } from "../../../src/config/app-config.js";

const fixture = (name: string) => path.join(projectRoot, "test", "ingest", "read", "fixtures", name);
const seed = (name: string) => path.join(projectRoot, "seeds", name);
const inferFrom = async (file: string) => inferMetadata(await readDocumentFile(file));

describe("inferMetadata", () => {
  it("reads everything a published web page shows: title, region, year, issuer, number, date", async () => {
    expect(await inferFrom(fixture("wujiang-2024.html"))).toEqual({
      title: "苏州市吴江区2024年优化营商环境行动方案",
      region: "苏州市吴江区",
      year: 2024,
      issuer: "苏州市吴江区人民政府",
      docNumber: "吴政发〔2024〕12号",
      date: "2024-03-15",
    });
  });

  it("takes the fuller region from the signature when the title only names the district (.docx)", async () => {
    expect(await inferFrom(fixture("minhang-2024.docx"))).toMatchObject({
      title: "闵行区2024年优化营商环境实施方案",
      region: "上海市闵行区",
      issuer: "上海市闵行区人民政府",
      docNumber: "闵府发〔2024〕5号",
      date: "2024-04-08",
    });
  });

  it("reads a PDF's wrapped title and its signature", async () => {
    expect(await inferFrom(fixture("xian-2024.pdf"))).toMatchObject({ title: "西安市2024年持续优化营商环境提升市场主体满意度若干措施", region: "西安市", year: 2024, date: "2024-02-28" });
  });

  it("skips page chrome above the title and joins issuers signed on separate lines", async () => {
    expect(await inferFrom(seed("sip-2021.txt"))).toMatchObject({ title: "苏州工业园区优化营商环境创新行动2021", region: "苏州工业园区", year: 2021, date: "2021-05-12" });
    expect(await inferFrom(seed("xiangcheng-2022.txt"))).toMatchObject({
      region: "苏州市相城区",
      issuer: "中共苏州市相城区委员会、苏州市相城区人民政府",
      docNumber: "相委发〔2022〕16号",
    });
  });

  it("keeps a Traditional title as written (pinyin removed) and gives its region in Simplified; no year shown, none invented", async () => {
    expect(await inferFrom(seed("jiading-2023.txt"))).toMatchObject({ title: "嘉定區加強集成創新持續優化營商環境行動方案", region: "嘉定区", year: null });
  });

  it("falls back to the notice's 《…》 and leaves what the text does not say null", () => {
    const blocks = readPlainText("关于印发《某某区营商环境提升举措》的通知\n各单位：\n现将《某某区营商环境提升举措》印发给你们。\n一、总体要求\n坚持问题导向。");
    expect(inferMetadata({ format: "txt", blocks })).toEqual({ title: "某某区营商环境提升举措", region: "某某区", year: null, issuer: null, docNumber: null, date: null });
  });

  it("reads a 街道 or 镇 plan's region from its title and its 工作委员会 / 办事处 signature", () => {
    const blocks = readPlainText(
      "中共上海市长宁区新华路街道工作委员会\n上海市长宁区人民政府新华路街道办事处\n新华路街道2025年优化营商环境工作方案\n一、工作目标\n服务辖区企业。\n中共上海市长宁区新华路街道工作委员会　上海市长宁区人民政府新华路街道办事处\n2025年3月1日",
    );
    expect(inferMetadata({ format: "txt", blocks })).toMatchObject({ title: "新华路街道2025年优化营商环境工作方案", region: "上海市长宁区新华路街道", year: 2025 });
    expect(inferMetadata({ format: "txt", blocks: readPlainText("千灯镇2024年营商环境提升行动方案\n一、总体要求\n坚持问题导向。") }).region).toBe("千灯镇");
  });

  it("takes the plan's title, not the notice's 关于印发…的通知 around it, with or without 《》", () => {
    const withPlanLine = readPlainText("某某市人民政府办公室关于印发某某市2025年营商环境提升行动方案的通知\n各镇人民政府：\n现印发给你们。\n某某市2025年营商环境提升行动方案\n一、总体要求");
    expect(inferMetadata({ format: "txt", blocks: withPlanLine }).title).toBe("某某市2025年营商环境提升行动方案");
    const noticeOnly = readPlainText("某某市人民政府办公室关于印发某某市2025年营商环境提升行动方案的通知\n一、总体要求\n坚持问题导向。");
    expect(inferMetadata({ format: "txt", blocks: noticeOnly }).title).toBe("某某市2025年营商环境提升行动方案");
  });

  it("does not take a document number cited inside a sentence as the plan's own", () => {
    const blocks = readPlainText("某区2024年工作方案\n为落实《工作要点》（苏政办发〔2021〕11号）精神，制定本方案。\n一、总体要求");
    expect(inferMetadata({ format: "txt", blocks }).docNumber).toBeNull();
  });
});
