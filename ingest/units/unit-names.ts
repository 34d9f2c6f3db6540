import { unitLexicon } from "./unit-lexicon.js";

/** A qualifier in brackets at the end of a name: `党政办(大数据管理局)`, `区委组织部（人才办）`. */
const TRAILING_QUALIFIER = /[(（[][^()（）[\]]*[)）\]]$/;
/** What never stands inside a unit's name (a phone number has seven digits; 12345热线 is a name). */
const NOT_IN_NAMES = /[。；;：:！？!?《》]|\d{7,}/;

/**
 * Whether a string could be a name at all (in a labelled list, where names are
 * not otherwise checked): not a sentence, not a placeholder (待定, 另行明确).
 */
export function isPlausibleName(name: string): boolean {
  return name.length <= 40 && !NOT_IN_NAMES.test(name) && !unitLexicon().names.placeholders.some((word) => name.includes(word));
}

/**
 * A phrase that names no particular unit: 各有关部门, 区各相关部门, 各镇（街道）,
 * …成员单位, 市级各有关部门, 相关部门. Judged on the analysis copy.
 */
export function isGenericUnit(name: string): boolean {
  const bare = name.replace(/\s+/g, "");
  return unitLexicon().names.genericPatterns.some((pattern) => pattern.test(bare));
}

/**
 * Whether a string, standing in a list without a label, reads as a unit's
 * name: it ends in a unit suffix (局, 委, 中心, 公司 …); a weak one (办, 部, 处 …)
 * also needs a place prefix (区, 市 …) and three characters, or four; and it
 * is not a word that merely ends like one (一网通办, 试行, 布局) or a note that
 * starts like one (含分公司).
 */
export function looksLikeUnit(name: string): boolean {
  const bare = name.replace(/\s+/g, "");
  if (bare.length < 2 || bare.length > 30 || NOT_IN_NAMES.test(bare)) return false;
  const core = TRAILING_QUALIFIER.test(bare) && bare.replace(TRAILING_QUALIFIER, "").length >= 2 ? bare.replace(TRAILING_QUALIFIER, "") : bare;
  const { suffixes, standalone, weakSuffixes, placePrefixes, notUnits, notUnitStarts } = unitLexicon().names;
  if (notUnitStarts.some((start) => bare.startsWith(start))) return false;
  const strong = suffixes.find((suffix) => core.endsWith(suffix));
  const weak = strong ? undefined : weakSuffixes.find((suffix) => core.endsWith(suffix));
  const suffix = strong ?? weak;
  if (!suffix) return false;
  // A name that is only its suffix stands for the local unit when the lexicon says so (海关, 法院), never otherwise (街道, 中心).
  if (core.length <= suffix.length) return standalone.includes(core);
  if (notUnits.some((word) => core === word || (core.endsWith(word) && word.length > suffix.length))) return false;
  if (weak) return (core.length >= 3 && placePrefixes.some((prefix) => core.startsWith(prefix))) || core.length >= 4;
  return true;
}
