import type { PreparedClause } from "../../ingest/build-rows.js";
import { prepareClause } from "../../ingest/build-rows.js";
import type { CatalogEntry } from "../../src/corpus/catalog.js";
import type { Clause } from "../../src/corpus/clause.js";
import type { Lexicon } from "../../src/retrieval/lexicon.js";
import type { IndexManifest } from "../../src/store/index-manifest.js";
import type { WordSegmenter } from "../../src/text/segment-words.js";

/** A deterministic PRNG (mulberry32): the same seed gives the same distractors on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A word-level Markov chain (order 1) trained on the real clauses' sentences:
 * generated text uses the plans' own vocabulary and local word order, so it
 * competes with the real clauses in both BM25 and vector search.
 */
class SentenceGenerator {
  private readonly next = new Map<string, string[]>();
  private readonly starts: string[] = [];

  constructor(sentences: string[][]) {
    for (const words of sentences) {
      if (words.length < 3) continue;
      this.starts.push(words[0]!);
      for (let index = 0; index + 1 < words.length; index++) {
        const followers = this.next.get(words[index]!) ?? [];
        followers.push(words[index + 1]!);
        this.next.set(words[index]!, followers);
      }
    }
  }

  sentence(pick: () => number, minWords: number, maxWords: number): string {
    const length = minWords + Math.floor(pick() * (maxWords - minWords + 1));
    let word = this.starts[Math.floor(pick() * this.starts.length)]!;
    const words = [word];
    while (words.length < length) {
      const followers = this.next.get(word);
      word = followers ? followers[Math.floor(pick() * followers.length)]! : this.starts[Math.floor(pick() * this.starts.length)]!;
      words.push(word);
    }
    return words.join("");
  }
}

/** Search-mode tokens without the pieces jieba adds inside a neighbouring longer word (市场 of 市场主体). */
function wholeWords(tokens: string[]): string[] {
  return tokens.filter((token, index) => !tokens.slice(Math.max(0, index - 3), index + 4).some((near) => near !== token && near.includes(token)));
}

const REGION_FIRST = [..."东西南北新长临安永青白金云江华平宁丰"];
const REGION_SECOND = [..."河山江湖川原桥林港宁阳城溪岭州浦"];
const NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** Region names no lexicon place contains or is contained in, so no question narrows to or away from them by name. */
function distractorRegions(lexicon: Lexicon, count: number): string[] {
  const known = [...lexicon.places.flatMap((place) => [place.region, ...place.names]), ...lexicon.elsewhere];
  const regions: string[] = [];
  if (count === 0) return regions;
  for (const first of REGION_FIRST) {
    for (const second of REGION_SECOND) {
      const name = `${first}${second}区`;
      if (!known.some((place) => place.includes(name.slice(0, 2)) || name.includes(place))) regions.push(name);
      if (regions.length === count) return regions;
    }
  }
  throw new Error(`only ${regions.length} distractor region names available, ${count} needed`);
}

/** Generated documents with their prepared clauses and manifest entries. */
export interface Distractors {
  clauses: PreparedClause[];
  documents: IndexManifest["documents"];
}

/**
 * `count` distractor clauses in documents of `clausesPerDocument`, each
 * document of its own fictional district: measure paragraphs generated from
 * the real clauses' sentences, titled like measures, with unit blocks naming
 * real units, prepared for the index exactly as real clauses are.
 */
export function generateDistractors(options: {
  count: number;
  clausesPerDocument: number;
  realClauses: readonly Clause[];
  units: readonly string[];
  lexicon: Lexicon;
  segmenter: WordSegmenter;
  seed?: number;
}): Distractors {
  const pick = random(options.seed ?? 20_240_601);
  const sentences = options.realClauses.flatMap((clause) =>
    clause.text
      .replace(/[（(【\[〔][^）)】\]〕]*[）)】\]〕]/g, "")
      .split(/[。；;！!？?]/)
      .map((sentence) => wholeWords(options.segmenter.tokens(sentence))),
  );
  const generator = new SentenceGenerator(sentences);
  const documentCount = Math.ceil(options.count / options.clausesPerDocument);
  const regions = distractorRegions(options.lexicon, documentCount);
  const clauses: PreparedClause[] = [];
  const documents: IndexManifest["documents"] = [];
  for (let documentIndex = 0; documentIndex < documentCount; documentIndex++) {
    const region = regions[documentIndex]!;
    const year = 2019 + Math.floor(pick() * 6);
    const entry: CatalogEntry = {
      id: `synthetic-${documentIndex + 1}`,
      title: `${region}${year}年优化营商环境行动方案`,
      shortName: `${region.slice(0, 2)}${year}`,
      region,
      issuer: `${region}人民政府`,
      docNumber: null,
      date: String(year),
      year,
      file: `synthetic-${documentIndex + 1}.txt`,
    };
    const inDocument = Math.min(options.clausesPerDocument, options.count - clauses.length);
    let withUnits = 0;
    for (let ordinal = 0; ordinal < inDocument; ordinal++) {
      const part = NUMERALS[Math.floor(ordinal / 40) % NUMERALS.length]!;
      const section = NUMERALS[Math.floor(ordinal / 8) % NUMERALS.length]!;
      const title = generator.sentence(pick, 3, 6);
      const body = Array.from({ length: 1 + Math.floor(pick() * 3) }, () => generator.sentence(pick, 8, 30)).join("，");
      const units = Array.from(new Set(Array.from({ length: 1 + Math.floor(pick() * 3) }, () => options.units[Math.floor(pick() * options.units.length)]!)));
      const unitBlock = pick() < 0.85 ? `（责任单位：${units.join("、")}）` : null;
      if (unitBlock) withUnits++;
      const clause: Clause = {
        id: `${entry.id}:${ordinal + 1}`,
        docId: entry.id,
        ordinal,
        kind: "measure",
        path: `${part}、（${section}）${(ordinal % 8) + 1}`,
        headings: [`${part}、${generator.sentence(pick, 3, 5)}`, `（${section}）${generator.sentence(pick, 3, 5)}`],
        title,
        text: `${title}。${body}。${unitBlock ?? ""}`,
        units: unitBlock ? units : [],
        leadUnits: unitBlock ? units.slice(0, 1) : [],
        supportUnits: [],
        deadline: null,
        unitText: unitBlock,
        textSimplified: null,
        docListsUnits: true,
      };
      clauses.push(prepareClause(clause, entry, options.segmenter));
    }
    documents.push({
      id: entry.id,
      title: entry.title,
      shortName: entry.shortName,
      region,
      issuer: entry.issuer,
      docNumber: null,
      date: entry.date,
      year,
      clauseCount: inDocument,
      clausesWithUnits: withUnits,
    });
  }
  return { clauses, documents };
}
