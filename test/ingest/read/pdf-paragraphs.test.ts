import { describe, expect, it } from "vitest";
import { linesToBlocks, type PdfLine } from "../../../ingest/read/pdf-paragraphs.js";

/** An A4 page's lines as pdf.js would place them: 12 pt text from x = 90 to 505, 18 pt apart. */
function page(number: number, rows: { text: string; x?: number; right?: number; y?: number }[]): PdfLine[] {
  let y = 120;
  return rows.map((row) => {
    const line = { page: number, pageHeight: 842, text: row.text, x: row.x ?? 90, right: row.right ?? 505, y: row.y ?? y, size: 12 };
    y = (row.y ?? y) + 18;
    return line;
  });
}
const texts = (lines: PdfLine[], pages: number) => linesToBlocks(lines, pages).map((block) => (block.kind === "paragraph" ? block.text : ""));

describe("linesToBlocks", () => {
  it.each(["3", "— 3 —", "- 3 -", "－ 三 －", "第3页", "第 3 页 共 10 页", "3/10", "Page 3 of 10"])("drops the page number %s at the foot of the page", (number) => {
    const lines = [...page(1, [{ text: "一、总体要求", right: 170 }, { text: "坚持问题导向，持续优化服务。", x: 114, right: 280 }]), ...page(1, [{ text: number, x: 280, right: 300, y: 800 }])];
    expect(texts(lines, 1)).toEqual(["一、总体要求", "坚持问题导向，持续优化服务。"]);
  });

  it("keeps a number that is part of the text, away from the margins", () => {
    const lines = page(1, [
      { text: "（一）主要指标", right: 180 },
      { text: "全区政务服务事项网上可办率保持100%，企业开办时间压缩至1个工作日，", x: 114 },
      { text: "到年底完成的目标年份为", right: 230 },
      { text: "2024", right: 120 },
    ]);
    expect(texts(lines, 1)).toEqual(["（一）主要指标", "全区政务服务事项网上可办率保持100%，企业开办时间压缩至1个工作日，到年底完成的目标年份为", "2024"]);
  });

  it("drops a header repeated at the top of most pages, keeps a line that only looks alike once", () => {
    const header = (number: number) => page(number, [{ text: "某区营商环境行动方案", x: 230, right: 370, y: 50 }])[0]!;
    const lines = [1, 2, 3].flatMap((number) => [header(number), ...page(number, [{ text: `第${number}页的正文内容。`, x: 114, right: 260 }])]);
    expect(texts(lines, 3)).toEqual(["第1页的正文内容。", "第2页的正文内容。", "第3页的正文内容。"]);
  });

  it("in a layout without first-line indents, a full line ending a sentence ends its paragraph", () => {
    const lines = page(1, [
      { text: "为进一步优化营商环境，激发市场主体活力，结合本区实际情况，" },
      { text: "制定本方案。" + "现就有关事项通知如下，请各单位认真贯彻落实并及时反馈。" },
      { text: "各单位要高度重视，明确责任分工，确保各项任务落到实处，按时完成。" },
      { text: "区政务办负责统筹协调。", right: 230 },
    ]);
    expect(texts(lines, 1)).toEqual([
      "为进一步优化营商环境，激发市场主体活力，结合本区实际情况，制定本方案。现就有关事项通知如下，请各单位认真贯彻落实并及时反馈。",
      "各单位要高度重视，明确责任分工，确保各项任务落到实处，按时完成。",
      "区政务办负责统筹协调。",
    ]);
  });

  it("rejoins English words and numbers with a space, and a hyphenated word without one", () => {
    const lines = page(1, [{ text: "推行 one-stop", x: 114 }, { text: "service 平台，兼容 Windows" }, { text: "10 及以上版本。", right: 200 }, { text: "信息 inter-", x: 114 }, { text: "operability 提升。", right: 200 }]);
    expect(texts(lines, 1)).toEqual(["推行 one-stop service 平台，兼容 Windows 10 及以上版本。", "信息 interoperability 提升。"]);
  });
});
