import { describe, expect, it } from "vitest";
import { ResponseShapeError } from "../../web/src/api-types.js";
import { parseCheckReport, parseDocumentListing, parseJob, parseJobOutcome } from "../../web/src/admin/document-types.js";
import { describeProgress } from "../../web/src/admin/job-progress.js";

describe("the Documents tab's response validators", () => {
  it("reads a job and says its stage in words, with the count while it runs", () => {
    const job = parseJob({ id: "j1", kind: "publish", state: "running", progress: { stage: "embed", done: 64, total: 340 } });
    expect(describeProgress(job)).toBe("正在生成向量（64/340）");
    expect(describeProgress({ ...job, state: "failed", progress: { stage: "restore", done: null, total: null } })).toBe("失败，正在恢复原来的文件目录");
    expect(() => parseJob({ id: "j1", kind: "compile", state: "running" })).toThrow(/job\.kind/);
    expect(() => parseJob({ kind: "check", state: "done" })).toThrow(ResponseShapeError);
  });

  it("reads a listing, its running job and documents with missing counts", () => {
    const listing = parseDocumentListing({
      documents: [{ id: "sip-2021", title: "园区", region: "苏州工业园区", year: 2021, file: "sip-2021.txt", format: "txt", indexed: false, clauses: null, measures: null }],
      index: null,
      job: { id: "j2", kind: "remove", state: "queued", progress: { stage: "queued" } },
    });
    expect(listing.documents[0]).toMatchObject({ id: "sip-2021", indexed: false, clauses: null });
    expect(listing.indexVersion).toBeNull();
    expect(listing.job?.kind).toBe("remove");
  });

  it("reads a check report with what is missing and why a plan cannot be indexed", () => {
    const report = parseCheckReport({
      upload: { id: "u1", name: "说明.txt" },
      file: "说明.txt",
      format: "txt",
      metadata: { id: null, title: null, region: "昆山市", year: 2025 },
      missing: ["title", "color"],
      clauses: 0,
      units: [],
      deadlines: [],
      diagnostics: null,
      error: { reason: "no numbered part found" },
      replaces: null,
    });
    expect(report).toMatchObject({ uploadId: "u1", missing: ["title"], error: { line: null, reason: "no numbered part found" }, diagnostics: null });
    expect(report.metadata).toMatchObject({ region: "昆山市", year: 2025, title: null });
    expect(() => parseCheckReport({ file: "x" })).toThrow(/report\.upload/);
  });

  it("reads what a finished publish or removal did", () => {
    expect(parseJobOutcome({ document: { title: "方案", clauses: 12 }, replaced: { id: "a" } })).toEqual({ title: "方案", clauses: 12, replaced: true, removed: false });
    expect(parseJobOutcome({ removed: { id: "a", title: "旧方案" } })).toMatchObject({ title: "旧方案", removed: true });
    expect(parseJobOutcome(null)).toEqual({ title: "", clauses: null, replaced: false, removed: false });
  });
});
