import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readDocumentFile } from "../../../ingest/read/read-document-file.js";
import { readHtml } from "../../../ingest/read/read-html.js";
import type { ParagraphBlock, StructuredText, TableBlock } from "../../../ingest/read/structured-text.js";
import { CorpusError } from "../../../src/errors/app-errors.js";

const fixtures = path.join(import.meta.dirname, "fixtures");
const fixture = (name: string) => path.join(fixtures, name);

const paragraphs = (read: StructuredText) => read.blocks.filter((block): block is ParagraphBlock => block.kind === "paragraph");
const texts = (read: StructuredText) => paragraphs(read).map((block) => block.text);
const tables = (read: StructuredText) => read.blocks.filter((block): block is TableBlock => block.kind === "table");

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), "qiwen-readers-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe("a saved web page (.html)", () => {
  let page: StructuredText;
  beforeAll(async () => {
    page = await readDocumentFile(fixture("wujiang-2024.html"));
  });

  it("keeps the article and drops the site around it: menus, breadcrumbs, sidebar, share bar, footer, scripts", () => {
    expect(page.format).toBe("html");
    const all = JSON.stringify(page.blocks);
    for (const chrome of ["当前位置", "无障碍浏览", "走进吴江", "相关链接", "评价结果通报", "分享到", "微博", "打印本页", "关闭窗口", "版权所有", "ICP备", "网站标识码", "访问统计", "浏览次数", "text-indent"]) {
      expect(all, chrome).not.toContain(chrome);
    }
    expect(texts(page)[0]).toBe("吴政发〔2024〕12号");
    expect(texts(page)).toContain("苏州市吴江区2024年优化营商环境行动方案");
  });

  it("gives each paragraph whole, entities decoded, the bold lead sentence marked", () => {
    const measure = paragraphs(page).find((block) => block.text.startsWith("1.推行企业开办"));
    expect(measure?.text).toBe(
      "1.推行企业开办“一日办结”。依托“一网通办”平台，将营业执照申领、公章刻制、发票申领、社保登记和住房公积金缴存登记整合为一个环节，全程网上办理，1个工作日内办结；新开办企业首套印章由区财政保障，免费发放。（责任单位：区行政审批局、区市场监管局、区公安分局、区税务局）",
    );
    expect(measure?.text.slice(0, measure.boldLeadLength)).toBe("1.推行企业开办“一日办结”。");
  });

  it("splits paragraphs at <br>: the issuer and the date are two lines", () => {
    const issuer = texts(page).indexOf("苏州市吴江区人民政府");
    expect(issuer).toBeGreaterThan(0);
    expect(texts(page)[issuer + 1]).toBe("2024年3月15日");
  });

  it("reads a table as rows, a merged row's text in each row it covers and a full-width row as one cell", () => {
    const [table] = tables(page);
    expect(table?.rows[0]).toEqual(["序号", "重点任务", "牵头单位", "完成时限"]);
    expect(table?.rows[1]).toEqual(["一、提升政务服务效能", "", "", ""]);
    expect(table?.rows[2]).toEqual(["1", "企业开办“一日办结”", "区行政审批局", "2024年6月底"]);
    expect(table?.rows[3]).toEqual(["2", "“一件事”集成改革", "区政务办", "2024年6月底"]);
    expect(table?.rows[7]).toEqual(["5", "竣工联合验收", "区住建局", "2024年12月底"]);
    expect(table?.rows).toHaveLength(8);
  });

  it("decodes a page by its declared charset (GBK), finding the article inside layout tables", async () => {
    const gbk = await readDocumentFile(fixture("gusu-gbk.html"));
    expect(gbk.encoding).toBe("gb18030");
    expect(texts(gbk)).toEqual([
      "姑苏区2023年营商环境提升举措",
      "一、服务企业发展",
      "1.设立企业服务专窗，为重点企业提供“一对一”帮办代办服务，涉企事项平均办理时间缩短三分之一。（责任单位：区行政审批局）",
      "2.开展“政企面对面”活动，每季度至少组织一次，现场协调解决企业反映的问题。（责任单位：区工信局、区商务局）",
    ]);
  });

  it("keeps a Traditional page Traditional (Big5 declared), its Traditional footer dropped", async () => {
    const traditional = await readDocumentFile(fixture("jiading-traditional.html"));
    expect(traditional.encoding).toBe("big5");
    expect(texts(traditional)).toEqual([
      "嘉定區優化營商環境若干措施",
      "一、深化「一網通辦」改革",
      "（一）推行企業開辦「一窗通」，營業執照、印章、發票一次領取，全程網上辦理。（牽頭單位：區市場監管局；責任單位：區稅務局、區公安分局）",
      "（二）推廣「掌上辦」服務，高頻事項實現手機端辦理。（責任單位：區大數據中心）",
    ]);
  });

  it("writes the numbers a browser shows before ordered-list items, unless the item numbers itself", () => {
    const blocks = readHtml(`<div><ol><li>推行帮办代办。</li><li><p><strong>开展恳谈会。</strong>每季度一次。</p></li></ol>
      <ol start="3" type="a"><li>第三项</li></ol><ol><li>（一）已编号的事项</li></ol><p>列表之后的段落</p></div>`);
    expect(blocks.map((block) => (block.kind === "paragraph" ? block.text : ""))).toEqual(["1.推行帮办代办。", "2.开展恳谈会。每季度一次。", "c.第三项", "（一）已编号的事项", "列表之后的段落"]);
    expect(blocks[1]).toMatchObject({ boldLeadLength: "2.开展恳谈会。".length });
  });

  it("reads a page as UTF-8 when its bytes are, whatever an outdated <meta> declares", async () => {
    const file = path.join(scratch, "relabelled.html");
    await writeFile(file, `<html><head><meta charset="gb2312"></head><body><p>一、企业开办全程网办。</p></body></html>`);
    const read = await readDocumentFile(file);
    expect(read.encoding).toBe("utf-8");
    expect(texts(read)).toEqual(["一、企业开办全程网办。"]);
  });

  it("takes the title from the page's <h1> when the article body does not carry it", () => {
    const blocks = readHtml(`<html><head><title>通知_某区政府网</title></head><body><nav>首页</nav>
      <div class="main"><h1>某区2024年营商环境工作要点</h1><div class="info">来源：区政务办</div>
      <div class="text"><p>一、总体要求</p><p>坚持问题导向，聚焦企业所需，持续深化改革。</p><p>二、重点任务</p><p>1.推行帮办代办服务，为企业提供全流程指导。（责任单位：区政务办）</p></div></div></body></html>`);
    expect(blocks[0]).toMatchObject({ kind: "paragraph", text: "某区2024年营商环境工作要点", headingLevel: 1 });
    expect(blocks.map((block) => (block.kind === "paragraph" ? block.text : ""))).not.toContain("首页");
  });

  it("takes the title from <title> when no heading carries it, never the site's name", () => {
    const body = `<div class="title">（标题在图片里）</div><div class="text"><p>现将《某区2024年营商环境工作要点》印发给你们。</p><p>一、总体要求</p><p>坚持问题导向，聚焦企业所需，持续深化改革，优化服务。</p></div>`;
    const titled = readHtml(`<html><head><title>某区2024年营商环境工作要点_通知公告_某区人民政府</title></head><body>${body}</body></html>`);
    expect(titled[0]).toMatchObject({ text: "某区2024年营商环境工作要点", headingLevel: 1, line: 1 });
    const siteOnly = readHtml(`<html><head><title>某区人民政府</title></head><body>${body}</body></html>`);
    expect(siteOnly[0]).toMatchObject({ text: "现将《某区2024年营商环境工作要点》印发给你们。", line: 1 });
  });
});

describe("a Word file (.docx)", () => {
  let word: StructuredText;
  beforeAll(async () => {
    word = await readDocumentFile(fixture("minhang-2024.docx"));
  });

  it("reads headings from the heading styles and bold leads from bold runs", () => {
    expect(word.format).toBe("docx");
    expect(paragraphs(word)[0]).toMatchObject({ text: "闵行区2024年优化营商环境实施方案", headingLevel: 1 });
    expect(paragraphs(word).find((block) => block.text === "一、工作目标")?.headingLevel).toBe(2);
    const measure = paragraphs(word).find((block) => block.text.startsWith("2.推行惠企政策"));
    expect(measure?.text.slice(0, measure.boldLeadLength)).toBe("2.推行惠企政策“免申即享”。");
    expect(measure?.text.endsWith("（牵头单位：区发展改革委；责任单位：区财政局、区科委）")).toBe(true);
  });

  it("keeps its table as rows, a cell merged down two rows in both", () => {
    expect(tables(word)[0]?.rows).toEqual([
      ["序号", "任务", "牵头单位", "配合单位"],
      ["1", "高效办成一件事", "区政务服务办", "区市场监管局"],
      ["2", "惠企政策免申即享", "区政务服务办", "区财政局、区科委"],
      ["3", "包容审慎监管", "区司法局", "区市场监管局、区城管执法局"],
    ]);
  });

  it("is a clear error when the file is not really a .docx", async () => {
    const fake = path.join(scratch, "plan.docx");
    await writeFile(fake, "这不是一个Word文件");
    await expect(readDocumentFile(fake)).rejects.toThrow(/plan\.docx: not a readable Word \.docx file/);
  });
});

describe("a PDF", () => {
  let pdf: StructuredText;
  beforeAll(async () => {
    pdf = await readDocumentFile(fixture("xian-2024.pdf"));
  });

  it("drops the page numbers (— 1 —) and the running header of every page", () => {
    expect(pdf.format).toBe("pdf");
    for (const text of texts(pdf)) {
      expect(text).not.toMatch(/—\s*\d+\s*—/);
      expect(text).not.toBe("西安市持续优化营商环境若干措施");
    }
  });

  it("keeps a title wrapped over two lines as one paragraph", () => {
    expect(paragraphs(pdf)[0]).toMatchObject({ text: "西安市2024年持续优化营商环境提升市场主体满意度若干措施", headingLevel: 1 });
  });

  it("rejoins the lines of a paragraph, and a sentence broken across the page break", () => {
    expect(texts(pdf)).toContain(
      "3.推进工程建设项目审批提速。社会投资简易低风险项目从立项到取得不动产登记证书全流程审批时间不超过15个工作日，一般社会投资项目不超过40个工作日，推行施工图审查、消防设计审查与人防设计审查“多审合一”，审查意见一次性告知，并对审批过程实行全程电子化留痕。",
    );
    expect(texts(pdf)).toContain("配合单位：市公安局、市税务局、市人社局、人民银行陕西省分行营业管理部");
  });

  it("starts a paragraph at every label line and numbered line", () => {
    const start = texts(pdf).findIndex((text) => text.startsWith("1.推行政务服务"));
    expect(texts(pdf).slice(start + 1, start + 4)).toEqual(["责任单位：市行政审批服务局、市大数据局", "完成时限：2024年9月底前", expect.stringMatching(/^2\.压缩企业开办时间。/)]);
    expect(texts(pdf)).toContain("二、优化市场环境");
    expect(texts(pdf).slice(-2)).toEqual(["西安市人民政府", "2024年2月28日"]);
  });

  it("is a clear error when the file is not a PDF", async () => {
    const fake = path.join(scratch, "scan.pdf");
    await writeFile(fake, "not a pdf at all");
    await expect(readDocumentFile(fake)).rejects.toThrow(/scan\.pdf: not a readable PDF/);
  });
});

describe("text files", () => {
  it("decodes GB18030 (GBK) text to the same text as its UTF-8 source", async () => {
    const gb = await readDocumentFile(fixture("wuzhong-2024.gb18030.txt"));
    expect(gb.encoding).toBe("gb18030");
    const source = (await readFile(fixture("wuzhong-2024.utf8.txt"), "utf8")).split("\n").filter(Boolean);
    expect(texts(gb)).toEqual(source);
  });

  it("drops a UTF-8 byte-order mark and reads the markdown heading under it", async () => {
    const md = await readDocumentFile(fixture("bom.md"));
    expect(md.encoding).toBe("utf-8");
    expect(paragraphs(md)[0]).toMatchObject({ text: "相城区企业服务事项清单", headingLevel: 1 });
  });
});

describe("an unsupported file", () => {
  it.each([
    ["plan.doc", /save it as \.docx/],
    ["tasks.xls", /put the table into the \.docx/],
    ["scan.png", /an image has no text/],
    ["README", /"\(none\)"/],
  ])("%s is a CorpusError naming the file and the formats ingest reads", async (name, advice) => {
    const file = path.join(scratch, name);
    await writeFile(file, "x");
    const error = await readDocumentFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CorpusError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain("ingest reads .txt, .md, .markdown, .html, .htm, .docx, .pdf");
    expect((error as Error).message).toMatch(advice);
  });
});
