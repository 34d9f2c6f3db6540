import type { IndexManifest } from "../store/index-manifest.js";
import { normalizeForSearch } from "../text/normalize.js";
import type { Lexicon } from "./lexicon.js";
import { romanizedPlaceNames } from "./romanize-place.js";

/**
 * Administrative levels a region name is built of, longest first, and how long
 * the name left after taking one off must be for the rest to stand alone:
 * districts (吴江区 → 吴江, 浦东新区 → 浦东) are two characters, cities and
 * counties two or three (张家港市 → 张家港), towns and 街道 two to four
 * (安亭镇 → 安亭, 徐家汇街道 → 徐家汇). A shorter rest means the level
 * is part of the name (高新区 is not 高 + 新区) and nothing is taken off.
 */
const LEVELS: { suffix: string; minRest: number; maxRest: number }[] = [
  { suffix: "自治区", minRest: 2, maxRest: 3 },
  { suffix: "新区", minRest: 2, maxRest: 2 },
  { suffix: "省", minRest: 2, maxRest: 3 },
  { suffix: "市", minRest: 2, maxRest: 3 },
  { suffix: "区", minRest: 2, maxRest: 2 },
  { suffix: "县", minRest: 2, maxRest: 3 },
  { suffix: "街道", minRest: 2, maxRest: 4 },
  { suffix: "镇", minRest: 2, maxRest: 3 },
  { suffix: "乡", minRest: 2, maxRest: 3 },
];

/** The name without its level (`吴江区` → `吴江`), or null when the level is part of the name. */
function withoutLevel(segment: string): string | null {
  const level = LEVELS.find(({ suffix }) => segment.endsWith(suffix));
  if (!level) return null;
  const rest = segment.slice(0, -level.suffix.length);
  return rest.length >= level.minRest && rest.length <= level.maxRest ? rest : null;
}

/** `江苏省苏州市吴江区` → [`江苏省`, `苏州市`, `吴江区`]: leading province and city, then the rest. */
function levelSegments(region: string, knownCities: readonly string[]): string[] {
  const match = region.match(/^(.{2,3}?(?:省|自治区))?(.{2,3}?市)?(.+)$/u);
  const segments = [match?.[1], match?.[2], match?.[3]].filter((segment): segment is string => Boolean(segment));
  const last = segments.at(-1)!;
  // `苏州高新区` names no 市, but another region of the catalog says 苏州 is a city: split it off.
  const city = segments.length === 1 ? knownCities.find((name) => last.startsWith(name) && last.length - name.length >= 2) : undefined;
  if (city) return [city, last.slice(city.length)];
  // A town's or 街道's plan (`徐汇区徐家汇街道`): the town is the place, its district the level above it.
  const town = last.match(/^(.{2,3}?[区县])(.{2,4}(?:街道|镇|乡))$/u);
  return town ? [...segments.slice(0, -1), town[1]!, town[2]!] : segments;
}

/**
 * Every way a question may name a region, derived from the name alone: the
 * full name, the district with and without its level, and the district after
 * its city with or without levels — 苏州市吴江区, 吴江区, 吴江, 苏州吴江,
 * 苏州吴江区, 苏州市吴江. A city or province alone is never one of them (苏州
 * is not 吴江). `knownCities` are cities other regions name (苏州).
 */
export function regionNames(region: string, knownCities: readonly string[] = []): string[] {
  const segments = levelSegments(region, knownCities);
  const forms = (segment: string) => [segment, withoutLevel(segment)].filter((form): form is string => Boolean(form));
  const district = segments.at(-1)!;
  const names = new Set<string>([region, ...forms(district)]);
  if (segments.length > 1) {
    const city = segments.at(-2)!;
    for (const cityForm of forms(city)) for (const districtForm of forms(district)) names.add(cityForm + districtForm);
  }
  return [...names].filter((name) => name.length >= 2);
}

/** Cities the regions name with their level (`苏州市相城区` → 苏州), for splitting `苏州高新区`. */
function citiesOf(regions: readonly string[]): string[] {
  return [...new Set(regions.flatMap((region) => levelSegments(region, []).filter((segment) => segment.endsWith("市")).map((city) => withoutLevel(city) ?? city)))];
}

/** The places query understanding uses for one corpus: `places` and `elsewhere` as the lexicon has them. */
export type CorpusPlaces = Pick<Lexicon, "places" | "elsewhere">;

const cache = new WeakMap<IndexManifest["documents"], WeakMap<Lexicon, CorpusPlaces>>();

/**
 * The places of the documents being served: each region's derived names
 * ({@link regionNames}), their pinyin ({@link romanizedPlaceNames}: 武侯 →
 * wuhou), plus the lexicon's aliases for it (园区, SIP …). The
 * places outside the corpus are the lexicon's `elsewhere` list and the
 * lexicon regions no document is about (their shared names aside), minus anything that is a name of a
 * served region or part of one (闵行 once 上海市闵行区 is served).
 */
export function corpusPlaces(documents: IndexManifest["documents"], lexicon: Lexicon): CorpusPlaces {
  const cached = cache.get(documents)?.get(lexicon);
  if (cached) return cached;
  const served = [...new Set(documents.map((document) => document.region))];
  const cities = citiesOf(served);
  const places = served.map((region) => {
    const aliases = lexicon.places.filter((place) => place.region === region).flatMap((place) => place.names);
    const derived = regionNames(region, cities).map(normalizeForSearch);
    // English questions name a district by its pinyin (Wuhou District): the short forms, romanised.
    const romanized = derived.filter((name) => !LEVELS.some(({ suffix }) => name.endsWith(suffix))).flatMap(romanizedPlaceNames);
    return { region, names: [...new Set([...derived, ...aliases, ...romanized])] };
  });
  const corpusNames = places.flatMap((place) => place.names.map((name) => name.toLowerCase()));
  // A lexicon region no document is about is elsewhere, except for names other places share (园区, 新区).
  const unserved = lexicon.places
    .filter((place) => !served.includes(place.region))
    .flatMap((place) => place.names)
    .filter((name) => !lexicon.ambiguousPlaces.includes(name));
  const elsewhere = [...new Set([...lexicon.elsewhere, ...unserved])].filter((name) => {
    const lower = name.toLowerCase();
    return !corpusNames.some((corpusName) => corpusName === lower || corpusName.includes(lower));
  });
  const result = { places, elsewhere };
  if (!cache.has(documents)) cache.set(documents, new WeakMap());
  cache.get(documents)!.set(lexicon, result);
  return result;
}
