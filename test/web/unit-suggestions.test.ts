import { describe, expect, it } from "vitest";
import { suggestUnits } from "../../web/src/unit-suggestions.js";

const names = ["行政审批局", "区行政审批局", "市场监管局", "区市场监管局", "园区法院", "科创委"];

describe("suggestUnits", () => {
  it("offers names that share pieces with a misspelt or shortened name", () => {
    expect(suggestUnits("审批局", names)).toEqual(["行政审批局", "区行政审批局"]);
    expect(suggestUnits("市场监督管理局", names).slice(0, 2)).toEqual(["市场监管局", "区市场监管局"]);
  });

  it("offers nothing for an unrelated or empty name", () => {
    expect(suggestUnits("中关村管委会", names)).toEqual([]);
    expect(suggestUnits("  ", names)).toEqual([]);
  });
});
