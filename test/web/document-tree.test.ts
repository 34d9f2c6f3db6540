import { describe, expect, it } from "vitest";
import type { Clause } from "../../web/src/api-types.js";
import { buildDocumentTree, clauseLabel, ownClauses, type TreeItem } from "../../web/src/document-tree.js";

function clause(clauseId: string, headings: string[], title: string | null = null): Clause {
  return { clauseId, docId: "d", docTitle: "", docShortName: "", region: "", kind: "measure", ordinal: 0, path: "", headings, title, text: `正文${clauseId}`, textSimplified: null, units: [], leadUnits: [], supportUnits: [], deadline: null, unitText: null };
}

function outline(items: TreeItem[]): unknown[] {
  return items.map((item) => (item.kind === "clause" ? item.clause.clauseId : { [item.node.heading]: outline(item.node.children) }));
}

describe("buildDocumentTree", () => {
  it("nests clauses under their headings in document order", () => {
    const tree = buildDocumentTree([
      clause("intro", []),
      clause("a1", ["一、总体要求"]),
      clause("b1", ["二、主要任务", "（一）数字政务", "1. 一网通办"]),
      clause("b2", ["二、主要任务", "（一）数字政务", "1. 一网通办"]),
      clause("b3", ["二、主要任务", "（一）数字政务", "2. 一件事"]),
      clause("c1", ["二、主要任务", "（二）制度规则"]),
    ]);
    expect(outline(tree)).toEqual([
      "intro",
      { "一、总体要求": ["a1"] },
      { "二、主要任务": [{ "（一）数字政务": [{ "1. 一网通办": ["b1", "b2"] }, { "2. 一件事": ["b3"] }] }, { "（二）制度规则": ["c1"] }] },
    ]);
  });

  it("opens a new node when a heading comes back after another one", () => {
    const tree = buildDocumentTree([clause("x", ["附件"]), clause("y", ["正文"]), clause("z", ["附件"])]);
    expect(outline(tree)).toEqual([{ 附件: ["x"] }, { 正文: ["y"] }, { 附件: ["z"] }]);
  });

  it("ignores blank headings", () => {
    expect(outline(buildDocumentTree([clause("x", ["", "一、"])]))).toEqual([{ "一、": ["x"] }]);
  });
});

describe("ownClauses", () => {
  it("finds the leading clauses whose title the heading already states", () => {
    const [section] = buildDocumentTree([
      clause("intro", ["（一）深化数字政务改革"], "深化数字政务改革"),
      clause("m1", ["（一）深化数字政务改革", "1. 推进一网通办"], "推进一网通办"),
    ]);
    if (section?.kind !== "heading") throw new Error("expected a heading");
    expect(ownClauses(section.node).map((own) => own.clauseId)).toEqual(["intro"]);
    const measure = section.node.children[1];
    if (measure?.kind !== "heading") throw new Error("expected a measure heading");
    expect(ownClauses(measure.node).map((own) => own.clauseId)).toEqual(["m1"]);
  });

  it("finds none when the first clause has its own title", () => {
    const [section] = buildDocumentTree([clause("p1", ["（一）市场准入与退出"], "便利市场主体登记设立")]);
    if (section?.kind !== "heading") throw new Error("expected a heading");
    expect(ownClauses(section.node)).toEqual([]);
  });
});

describe("clauseLabel", () => {
  it("does not repeat a title the path already says", () => {
    expect(clauseLabel({ path: "前言", title: "前言", text: "为积极落实" })).toBe("前言");
  });

  it("uses path and title, or the start of the text", () => {
    expect(clauseLabel({ path: "二、（二）7", title: "优化企业注销流程", text: "" })).toBe("二、（二）7 优化企业注销流程");
    expect(clauseLabel({ path: "", title: null, text: "一二三四五六七八九十一二三四五六七八九十一二三四五六" })).toBe("一二三四五六七八九十一二三四五六七八九十一二三四…");
  });
});
