import { describe, expect, it } from "vitest";
import { refusalMessage } from "../../src/answer/refusal-message.js";
import { corpusPlaces, regionNames } from "../../src/retrieval/corpus-places.js";
import { loadLexicon } from "../../src/retrieval/lexicon.js";
import { understandQuery } from "../../src/retrieval/understand-query.js";
import type { IndexManifest } from "../../src/store/index-manifest.js";

const lexicon = loadLexicon();

type ServedDocument = IndexManifest["documents"][number];
function served(id: string, region: string, shortName: string): ServedDocument {
  return { id, title: `${region}营商环境方案`, shortName, region, issuer: region, docNumber: null, date: "2024", year: 2024, clauseCount: 10, clausesWithUnits: 8 };
}
const seedDocuments = [
  served("sip-2023", "苏州工业园区", "园区2023"),
  served("snd-2021", "苏州高新区", "高新区2021"),
  served("jiading-2023", "上海市嘉定区", "嘉定2023"),
  served("xiangcheng-2022", "苏州市相城区", "相城2022"),
];
function manifestOf(documents: ServedDocument[]): IndexManifest {
  return { version: "1", table: "t", builtAt: "", embedder: "e", dimensions: 512, clauseCount: 0, contentHash: "", documents, units: [], vectorIndex: null, sentences: null, retired: [] };
}

describe("regionNames", () => {
  it("derives the short forms a caller uses from the region's name alone", () => {
    expect(regionNames("苏州市吴江区")).toEqual(expect.arrayContaining(["苏州市吴江区", "吴江区", "吴江", "苏州吴江", "苏州吴江区", "苏州市吴江"]));
    expect(regionNames("上海市浦东新区")).toEqual(expect.arrayContaining(["浦东新区", "浦东", "上海浦东"]));
    expect(regionNames("西安市")).toEqual(["西安市", "西安"]);
    expect(regionNames("张家港市")).toEqual(["张家港市", "张家港"]);
  });

  it("never names a district by its city alone, nor cuts a level that is part of the name", () => {
    expect(regionNames("苏州市吴江区")).not.toContain("苏州");
    expect(regionNames("苏州市吴江区")).not.toContain("苏州市");
    // 高新区 is a zone, not 高 + 新区; 苏州高 would match 苏州高铁新城.
    expect(regionNames("苏州高新区", ["苏州"])).toEqual(["苏州高新区", "高新区"]);
    expect(regionNames("苏州高新区")).toEqual(["苏州高新区"]);
  });

  it("names a town's or 街道's plan by the town, never by its district alone", () => {
    expect(regionNames("上海市徐汇区徐家汇街道")).toEqual(expect.arrayContaining(["徐家汇街道", "徐家汇", "徐汇徐家汇"]));
    expect(regionNames("上海市嘉定区安亭镇")).toEqual(expect.arrayContaining(["安亭镇", "安亭", "嘉定安亭"]));
    expect(regionNames("上海市嘉定区安亭镇")).not.toContain("嘉定");
    expect(regionNames("上海市嘉定区安亭镇")).not.toContain("嘉定区");
  });
});

describe("corpusPlaces", () => {
  it("recognises every served region by its derived names and keeps the lexicon's aliases", () => {
    const { places } = corpusPlaces(seedDocuments, lexicon);
    const namesOf = (region: string) => places.find((place) => place.region === region)?.names ?? [];
    expect(namesOf("苏州市相城区")).toEqual(expect.arrayContaining(["相城区", "相城", "苏州相城", "Xiangcheng"]));
    expect(namesOf("上海市嘉定区")).toEqual(expect.arrayContaining(["嘉定", "上海嘉定", "Jiading"]));
    expect(namesOf("苏州工业园区")).toEqual(expect.arrayContaining(["苏州工业园区", "园区", "SIP"]));
  });

  it("never keeps a served place in the elsewhere list (闵行, 西安 once their plans are in)", () => {
    const before = corpusPlaces(seedDocuments, lexicon).elsewhere;
    expect(before).toEqual(expect.arrayContaining(["闵行", "西安", "吴江"]));
    const after = corpusPlaces([...seedDocuments, served("minhang-2024", "上海市闵行区", "闵行2024"), served("xian-2024", "西安市", "西安2024")], lexicon).elsewhere;
    expect(after).not.toContain("闵行");
    expect(after).not.toContain("西安");
    expect(after).toEqual(expect.arrayContaining(["吴江", "杭州", "浦东"]));
  });

  it("treats a lexicon region that no document is about as elsewhere, but not the names other places share", () => {
    const { elsewhere } = corpusPlaces(seedDocuments.filter((document) => document.region !== "上海市嘉定区"), lexicon);
    expect(elsewhere).toContain("Jiading");
    const withoutPark = corpusPlaces(seedDocuments.filter((document) => document.region !== "苏州工业园区"), lexicon).elsewhere;
    expect(withoutPark).toContain("SIP");
    expect(withoutPark).not.toContain("园区");
  });
});

describe("questions naming a region", () => {
  const withNewPlans = manifestOf([...seedDocuments, served("plan-2024-aaaaaa", "苏州市吴江区", "吴江2024"), served("minhang-2024", "上海市闵行区", "闵行2024")]);

  it("narrow to the new region's document by any short form, and are not refused as elsewhere", () => {
    for (const question of ["吴江企业开办要多久？", "苏州市吴江区企业开办要多久？", "苏州吴江的企业开办要多久", "在吴江区开公司多久能办好"]) {
      const understanding = understandQuery(question, [], withNewPlans, lexicon);
      expect(understanding.docIds, question).toEqual(["plan-2024-aaaaaa"]);
      expect(understanding.elsewhere, question).toEqual([]);
    }
    expect(understandQuery("闵行有什么惠企政策？", [], withNewPlans, lexicon).docIds).toEqual(["minhang-2024"]);
  });

  it("are still refused for places outside the corpus, and the refusal names only the regions served", () => {
    const seedsOnly = manifestOf(seedDocuments);
    expect(understandQuery("吴江企业开办要多久？", [], seedsOnly, lexicon).elsewhere).toEqual(["吴江"]);
    const refusal = refusalMessage({ answerable: false, reason: "elsewhere" }, seedsOnly.documents);
    expect(refusal).toContain("苏州市相城区");
    expect(refusal).not.toContain("吴江");
    expect(refusalMessage({ answerable: false, reason: "elsewhere" }, withNewPlans.documents)).toContain("苏州市吴江区");
  });
});

describe("English questions naming a new plan's region", () => {
  const withNewPlans = manifestOf([...seedDocuments, served("wuhou-2025", "成都市武侯区", "武侯2025"), served("minhang-2024", "上海市闵行区", "闵行2024")]);

  it("find it by the district's pinyin, heteronyms' place readings included (Minhang, not only Minxing)", () => {
    expect(understandQuery("In Wuhou District, which department protects trade secrets?", [], withNewPlans, lexicon).docIds).toEqual(["wuhou-2025"]);
    expect(understandQuery("How fast is company registration in Minhang?", [], withNewPlans, lexicon).docIds).toEqual(["minhang-2024"]);
  });

  it("match a romanised name only as a whole word", () => {
    const withAnting = manifestOf([...seedDocuments, served("anting-2025", "上海市嘉定区安亭镇", "安亭2025")]);
    expect(corpusPlaces(withAnting.documents, lexicon).places.find((place) => place.region === "上海市嘉定区安亭镇")?.names).toContain("anting");
    expect(understandQuery("Does the park subsidise painting workshops?", [], withAnting, lexicon).docIds).not.toContain("anting-2025");
  });
});
