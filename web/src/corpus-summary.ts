import type { DocumentInfo } from "./api-types.js";

const smallNumerals = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

/**
 * A count of documents as Chinese text writes it before 份: `一`, `两`, `五`,
 * `十二`, `二十`; digits from 100 on.
 */
export function documentCount(count: number): string {
  if (!Number.isInteger(count) || count < 0 || count >= 100) return String(count);
  if (count <= 10) return smallNumerals[count]!;
  const tens = Math.floor(count / 10);
  const ones = count % 10;
  return `${tens === 1 ? "" : "二三四五六七八九"[tens - 2]!}十${ones === 0 ? "" : "一二三四五六七八九"[ones - 1]!}`;
}

/** `甲`, `甲和乙`, `甲、乙和丙`. */
function listInWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join("、")}和${names.at(-1)!}`;
}

/**
 * The chat's opening sentence about what 企问 answers from, built from the
 * server's document list (`GET /api/documents`) so it stays true when the
 * corpus changes: the regions in the server's order and how many plans.
 * Before the list arrives (or if it cannot be fetched) it names no number.
 */
export function describeCorpus(documents: readonly DocumentInfo[]): string {
  const closing = "每条回答都注明出处条款和责任单位。";
  if (documents.length === 0) return `企问依据已收录的营商环境行动方案作答，${closing}`;
  const regions = [...new Set(documents.map((document) => document.region.trim()).filter((region) => region !== ""))];
  const where = regions.length > 0 ? `${listInWords(regions)}的` : "";
  return `企问依据${where}${documentCount(documents.length)}份营商环境行动方案作答，${closing}`;
}
