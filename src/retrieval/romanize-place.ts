import { pinyin } from "pinyin-pro";

/** More readings than this (names full of heteronyms) are not worth matching. */
const MAX_READINGS = 8;

/**
 * The ways an English question may spell a short Chinese place name: its
 * pinyin without tones, every reading of a heteronym included, because place
 * names keep old readings a dictionary does not guess (闵行 is Minhang, not
 * Minxing): 武侯 → [`wuhou`], 闵行 → [`minxing`, `minhang`, `minheng`]. A name
 * that is not two or three Han characters gets none.
 */
export function romanizedPlaceNames(name: string): string[] {
  if (!/^\p{Script=Han}{2,3}$/u.test(name)) return [];
  let readings = [""];
  for (const character of name) {
    const options = pinyin(character, { toneType: "none", type: "array", multiple: true }).filter((syllable) => /^[a-z]+$/.test(syllable));
    if (options.length === 0) return [];
    readings = readings.flatMap((reading) => options.map((syllable) => reading + syllable));
    if (readings.length > MAX_READINGS) return [];
  }
  return readings;
}
