import { describe, expect, it } from "vitest";
import { citationRefs, distinctCitationRefs, findCitationMarkers, withoutCitationMarkers } from "../../src/text/citation-markers.js";

describe("findCitationMarkers", () => {
  it("finds each marker with its position, its text and the refs it names", () => {
    const text = "可网上办理[1]，也可简易注销[2, 3]。";
    const markers = findCitationMarkers(text);
    expect(markers).toEqual([
      { start: 5, end: 8, text: "[1]", refs: [1] },
      { start: 15, end: 21, text: "[2, 3]", refs: [2, 3] },
    ]);
    for (const marker of markers) expect(text.slice(marker.start, marker.end)).toBe(marker.text);
  });

  it("reads ASCII, full-width and 【】 brackets alike", () => {
    expect(findCitationMarkers("甲[1]乙［2］丙【3】").map((marker) => [marker.text, marker.refs])).toEqual([
      ["[1]", [1]],
      ["［2］", [2]],
      ["【3】", [3]],
    ]);
  });

  it("reads lists separated by , ， and 、 with or without spaces", () => {
    expect(citationRefs("[1,2][3，4][5、6][ 7 , 8 ]【9 、10】")).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("reads full-width digits and numbers of any length", () => {
    expect(citationRefs("［１２］[2023]【123456】")).toEqual([12, 2023, 123456]);
  });

  it("keeps positions in the text as given, before and after wide characters", () => {
    // Astral characters take two UTF-16 units; positions must still slice the input.
    const text = "𠀀【１】 and [2]";
    const markers = findCitationMarkers(text);
    expect(markers.map((marker) => text.slice(marker.start, marker.end))).toEqual(["【１】", "[2]"]);
  });

  it("reads adjacent markers separately", () => {
    expect(findCitationMarkers("[1][2]【3】").map((marker) => marker.text)).toEqual(["[1]", "[2]", "【3】"]);
  });

  it("ignores brackets that hold anything but numbers, and unfinished markers", () => {
    const text = "[责任单位:财审局] [a] [1a] [1-3] [1,] [,1] [] 【】 [1 2] 正在输入[1";
    expect(findCitationMarkers(text)).toEqual([]);
  });
});

describe("citationRefs / distinctCitationRefs", () => {
  it("keeps repeats in order, or lists each ref once in first-mention order", () => {
    const text = "见[2]、[1, 2]和【3】以及［2］";
    expect(citationRefs(text)).toEqual([2, 1, 2, 3, 2]);
    expect(distinctCitationRefs(text)).toEqual([2, 1, 3]);
  });

  it("returns nothing for text without markers", () => {
    expect(citationRefs("")).toEqual([]);
    expect(distinctCitationRefs("没有涉及，请拨打 12345。")).toEqual([]);
  });
});

describe("withoutCitationMarkers", () => {
  it("takes every marker out and leaves other brackets", () => {
    expect(withoutCitationMarkers("甲[1]乙【2，3】丙［４］[责任单位:财审局][a]")).toBe("甲乙丙[责任单位:财审局][a]");
    expect(withoutCitationMarkers("")).toBe("");
  });
});
