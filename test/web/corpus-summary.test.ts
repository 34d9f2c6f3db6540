import { describe, expect, it } from "vitest";
import type { DocumentInfo } from "../../web/src/api-types.js";
import { describeCorpus, documentCount } from "../../web/src/corpus-summary.js";

function document(id: string, region: string): DocumentInfo {
  return { id, title: id, shortName: id, region, issuer: "", docNumber: null, date: "", year: 0, clauseCount: 1, clausesWithUnits: 0 };
}

describe("describeCorpus", () => {
  it("names the regions once each, in the server's order, and counts the plans", () => {
    const documents = [
      document("sip-2021", "苏州工业园区"),
      document("sip-2023", "苏州工业园区"),
      document("snd-2021", "苏州高新区"),
      document("jiading-2023", "上海市嘉定区"),
      document("xiangcheng-2022", "苏州市相城区"),
    ];
    expect(describeCorpus(documents)).toBe(
      "企问依据苏州工业园区、苏州高新区、上海市嘉定区和苏州市相城区的五份营商环境行动方案作答，每条回答都注明出处条款和责任单位。",
    );
  });

  it("follows the corpus when it grows or shrinks", () => {
    expect(describeCorpus([document("a", "甲区"), document("b", "乙区")])).toContain("依据甲区和乙区的两份营商环境行动方案");
    expect(describeCorpus([document("a", "甲区")])).toContain("依据甲区的一份营商环境行动方案");
    const many = Array.from({ length: 12 }, (_, index) => document(`d${index}`, "甲区"));
    expect(describeCorpus(many)).toContain("依据甲区的十二份");
  });

  it("names no number before the list arrives, and no region the server did not give", () => {
    expect(describeCorpus([])).toBe("企问依据已收录的营商环境行动方案作答，每条回答都注明出处条款和责任单位。");
    expect(describeCorpus([document("a", ""), document("b", " ")])).toBe("企问依据两份营商环境行动方案作答，每条回答都注明出处条款和责任单位。");
  });
});

describe("documentCount", () => {
  it("writes counts as Chinese numerals up to 99, digits beyond", () => {
    expect([1, 2, 5, 10, 11, 20, 21, 99, 100].map(documentCount)).toEqual(["一", "两", "五", "十", "十一", "二十", "二十一", "九十九", "100"]);
  });
});
