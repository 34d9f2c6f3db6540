import { describe, expect, it } from "vitest";
import { postProcess } from "../../src/retrieval/post-process.js";
import type { QueryUnderstanding, RetrievedClause } from "../../src/retrieval/retriever.js";
import type { ClauseStore } from "../../src/store/clause-store.js";
import type { IndexManifest } from "../../src/store/index-manifest.js";
import type { IndexedClause } from "../../src/store/indexed-clause.js";

function retrieved(id: string, kind: IndexedClause["kind"], score: number, units: string[] = []): RetrievedClause {
  const clause: IndexedClause = {
    id, docId: "snd-2021", docTitle: "方案", docShortName: "高新区2021", region: "苏州高新区", year: 2021, ordinal: 1, kind,
    path: id, headings: [], title: null, text: `${id}的条文`, units, leadUnits: [], supportUnits: [], deadline: null, unitText: null, textSimplified: null, docListsUnits: true,
  };
  return { clause, score, similarity: 0.7, textScore: 1, sentenceSimilarity: 0.7, sentence: null };
}

const understanding = { units: [], wantsNewest: false, asksForUnitDuties: false } as unknown as QueryUnderstanding;
const manifest = { documents: [] } as unknown as IndexManifest;
const context = { understanding, store: {} as ClauseStore, manifest, filter: {} };
const options = { unitBoost: 0.1, generalPenalty: 0.3, newest: { boost: 0.15, nearDuplicate: 0.5, window: 10 } };

describe("postProcess", () => {
  it("puts a measure before a plan's preamble that matched the question's words a little better", async () => {
    const ordered = await postProcess([retrieved("前言", "general", 2.4), retrieved("措施", "measure", 2.2), retrieved("任务", "task", 1.8)], context, options);
    expect(ordered.map((entry) => entry.clause.id)).toEqual(["措施", "前言", "任务"]);
  });

  it("keeps a general clause first when it leads by more than the penalty", async () => {
    const ordered = await postProcess([retrieved("总体要求", "general", 3.2), retrieved("措施", "measure", 2.2)], context, options);
    expect(ordered[0]?.clause.id).toBe("总体要求");
  });
});
