import { beforeAll, describe, expect, it } from "vitest";
import { createServices } from "../../src/services/create-services.js";
import type { QiwenServices } from "../../src/services/qiwen-services.js";
import { preferNewest } from "../../src/retrieval/prefer-newest.js";
import type { RetrievedClause } from "../../src/retrieval/retriever.js";
import { prepareTestIndex } from "../support/test-index.js";

let services: QiwenServices;
beforeAll(async () => {
  const { config } = await prepareTestIndex();
  services = await createServices(config);
});

const OPTIONS = { boost: 0.15, nearDuplicate: 0.5, window: 10 };

describe("the newest plan first", () => {
  it("puts the region's newest plan first when the question asks for the current state (园区: 2021 and 2023)", async () => {
    for (const question of ["园区最新的企业开办政策是什么？", "园区现在企业注销有什么便利措施？", "What are SIP's latest measures for closing a company?"]) {
      const retrieval = await services.retriever.retrieve(question, { limit: 5 });
      expect(retrieval.understanding.wantsNewest, question).toBe(true);
      expect(retrieval.clauses[0]?.clause.docId, question).toBe("sip-2023");
    }
  });

  it("leaves the order to relevance when the question does not ask for the newest", async () => {
    const retrieval = await services.retriever.retrieve("园区企业开办政策是什么？", { limit: 5 });
    expect(retrieval.understanding.wantsNewest).toBe(false);
    expect(retrieval.clauses.some((retrieved) => retrieved.clause.docId === "sip-2021")).toBe(true);
  });

  it("moves the newer of two near-duplicate clauses of one region just above the older, and nothing else", async () => {
    const retrieval = await services.retriever.retrieve("园区企业注销有什么便利措施？", { limit: 10 });
    const { manifest } = await services.index.current();
    const older = retrieval.candidates.find((retrieved) => retrieved.clause.docId === "sip-2021")!;
    const newer = retrieval.candidates.find((retrieved) => retrieved.clause.docId === "sip-2023")!;
    const other = (await services.retriever.retrieve("嘉定区企业注销有什么便利措施？", { limit: 1 })).clauses[0]!;
    const copy = (retrieved: RetrievedClause, score: number, text = retrieved.clause.text): RetrievedClause => ({ ...retrieved, score, clause: { ...retrieved.clause, text } });
    // The 2023 plan restates the 2021 measure with one word changed; an unrelated clause of another region ranks between them.
    const restated = `${older.clause.text.slice(0, -4)}，持续深化。`;
    const ordered = preferNewest([copy(older, 3), copy(other, 2.5), copy(newer, 2, restated)], false, manifest, OPTIONS);
    expect(ordered.map((retrieved) => retrieved.clause.docId)).toEqual(["sip-2023", "sip-2021", other.clause.docId]);
    // Different wording: relevance decides.
    const distinct = preferNewest([copy(older, 3), copy(newer, 2, "推进园区人才公寓建设，完善配套服务。")], false, manifest, OPTIONS);
    expect(distinct.map((retrieved) => retrieved.clause.docId)).toEqual(["sip-2021", "sip-2023"]);
  });
});
