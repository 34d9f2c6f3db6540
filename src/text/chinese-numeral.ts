const CHINESE_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CHINESE_MULTIPLIERS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** `三` → 3, `十五` → 15, `二十` → 20, `一百二十` → 120; null for anything else. */
export function chineseNumeralValue(numeral: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const character of numeral) {
    if (character in CHINESE_DIGITS) {
      digit = CHINESE_DIGITS[character]!;
    } else if (character in CHINESE_MULTIPLIERS) {
      total += (digit ?? 1) * CHINESE_MULTIPLIERS[character]!;
      digit = null;
    } else {
      return null;
    }
  }
  return total + (digit ?? 0);
}
