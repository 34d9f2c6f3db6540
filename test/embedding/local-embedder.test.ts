import { beforeAll, describe, expect, it } from "vitest";
import { LocalEmbedder } from "../../src/embedding/local-embedder.js";
import { testModelDir } from "./test-model-dir.js";

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);
const norm = (a: readonly number[]) => Math.sqrt(dot(a, a));

const closingPassage = "推进企业注销便利化，简化普通注销程序，压缩注销办理时间，对未开业、无债权债务的企业适用简易注销。";
const patentPassage = "加强知识产权保护，完善知识产权纠纷多元化解机制，加大侵权行为惩处力度。";

describe("LocalEmbedder", () => {
  let embedder: LocalEmbedder;
  beforeAll(async () => {
    embedder = await LocalEmbedder.create(testModelDir);
  });

  it("names itself and reports 512 dimensions", () => {
    expect(embedder.name).toBe("local:BAAI/bge-small-zh-v1.5");
    expect(embedder.dimensions).toBe(512);
  });

  it("ranks the on-topic passage above an unrelated one", async () => {
    const query = await embedder.embedQuery("我想把公司关掉");
    const [closing, patent] = await embedder.embedDocuments([closingPassage, patentPassage]);
    expect(dot(query, closing!)).toBeGreaterThan(dot(query, patent!) + 0.05);
  });

  it("returns 512-dimensional unit vectors for queries and passages", async () => {
    const vectors = [await embedder.embedQuery("企业开办需要几天"), ...(await embedder.embedDocuments([closingPassage, "短"]))];
    for (const vector of vectors) {
      expect(vector).toHaveLength(512);
      expect(norm(vector)).toBeCloseTo(1, 4);
    }
  });

  it("keeps input order across length-sorted batches", async () => {
    const topics = [closingPassage, patentPassage, "推行企业开办全程网上办理，压缩开办时间至1个工作日以内。"];
    const texts = Array.from({ length: 40 }, (_, index) => topics[index % 3]!.repeat(1 + (index % 4)) + `第${index}条`);
    const batched = await embedder.embedDocuments(texts);
    for (const index of [0, 1, 17, 39]) {
      const neighbour = index === 0 ? 1 : index - 1; // always a different topic
      const [alone, otherTopic] = await Promise.all([
        embedder.embedDocuments([texts[index]!]).then(([vector]) => vector!),
        embedder.embedDocuments([texts[neighbour]!]).then(([vector]) => vector!),
      ]);
      // Not bit-identical: the int8 model quantises activations per call, so batch
      // neighbours shift a vector slightly (cosine ≈ 0.995, measured).
      expect(dot(batched[index]!, alone)).toBeGreaterThan(0.98);
      expect(dot(batched[index]!, alone)).toBeGreaterThan(dot(batched[index]!, otherTopic));
    }
  });

  it("adds the retrieval instruction to queries only", async () => {
    const [asPassage] = await embedder.embedDocuments(["我想把公司关掉"]);
    const asQuery = await embedder.embedQuery("我想把公司关掉");
    expect(dot(asPassage!, asQuery)).toBeLessThan(0.999);
  });

  it("embeds an empty list to an empty list", async () => {
    expect(await embedder.embedDocuments([])).toEqual([]);
  });
});
