import { describe, expect, it } from "vitest";
import { createAnalysisCopy, removeArtefacts } from "../../src/text/analysis-copy.js";
import { mojibakeRepairs } from "../../src/text/repair-mojibake.js";

describe("the analysis copy", () => {
  it("is Simplified and NFKC, with pinyin annotations and ?? removed, and maps back to the text as written", () => {
    const written = "??牽頭單位：區(qū)發改委（１）";
    const copy = createAnalysisCopy(written);
    expect(copy.text).toBe("牵头单位:区发改委(1)");
    const start = copy.text.indexOf("区发改委");
    expect(copy.writtenSlice(start, start + 4)).toBe("區(qū)發改委");
    expect(copy.writtenSlice(0, 4)).toBe("牽頭單位");
  });

  it("keeps circled numbers, which number list items", () => {
    expect(createAnalysisCopy("①推进").text).toBe("①推进");
  });

  it("shows the text as written, only its artefacts removed", () => {
    expect(removeArtefacts("??區(qū)發改委（１）")).toBe("區發改委（１）");
  });
});

describe("mojibake", () => {
  const sentence = "推行企业开办全程网办，责任单位：区市场监管局。";
  const bytes = new TextEncoder().encode(sentence);

  it("repairs UTF-8 that was read as GBK or as Latin-1", () => {
    for (const misread of [new TextDecoder("gbk").decode(bytes), new TextDecoder("windows-1252").decode(bytes)]) {
      expect(misread).not.toContain("市场监管局");
      expect(removeArtefacts(`第一条 ${misread}`)).toContain("区市场监管局");
    }
  });

  it("leaves text that reads right alone, Traditional and Latin included", () => {
    for (const text of [sentence, "嘉定區加強集成創新持續優化營商環境", "Café résumé naïve", "鑫淼焱垚犇骉"]) expect(mojibakeRepairs(text)).toEqual([]);
  });
});
