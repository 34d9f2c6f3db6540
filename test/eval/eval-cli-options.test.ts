import path from "node:path";
import { describe, expect, it } from "vitest";
import { defaultSetPath, EvalUsageError, namedSets, parseEvalArgs } from "../../eval/eval-cli-options.js";
import { projectRoot } from "../../src/config/app-config.js";

describe("parseEvalArgs --set", () => {
  it("takes the sets in eval/ by name, any other value as a path", () => {
    expect(parseEvalArgs([]).set).toBe(defaultSetPath);
    expect(parseEvalArgs(["--set", "callers"]).set).toBe(path.join(projectRoot, "eval", "callers-tuning.jsonl"));
    expect(parseEvalArgs(["--set", "holdout"]).set).toBe(namedSets.holdout);
    expect(parseEvalArgs(["--set", "mine.jsonl"]).set).toBe("mine.jsonl");
    expect(() => parseEvalArgs(["--set", ""])).toThrow(EvalUsageError);
  });
});
