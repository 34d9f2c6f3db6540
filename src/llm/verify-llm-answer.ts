import { chineseNumeralValue } from "../text/chinese-numeral.js";
import { distinctCitationRefs } from "../text/citation-markers.js";
import { compactForMatching } from "../text/normalize.js";

export { chineseNumeralValue };

/** What the verifier needs of a clause the model was shown. */
export interface VerifiableClause {
  text: string;
  units: readonly string[];
}

/** What the verifier checks: the reply, the clauses numbered `[1]…[k]` in order, and the unit dictionary. */
export interface VerifyLlmAnswerInput {
  answer: string;
  clauses: readonly VerifiableClause[];
  unitNames: readonly string[];
  /**
   * The system prompt the model was given, as rendered: a reply must not echo
   * it, and the contacts it names (12345) are ones a reply may repeat.
   */
  systemPrompt?: string;
}

/** The verdict on a model reply; `reason` says what was wrong, for logs and tests. */
export type LlmAnswerVerdict = { ok: true; citedRefs: number[] } | { ok: false; reason: string };

/** A reply without citations is only acceptable as the refusal the prompt asks for. */
const REFUSAL_MARKERS = ["12345", "一企来", "没有涉及", "未涉及", "没有相关", "未找到"];

/** Quantity units whose numbers the reply must copy from a clause; same-meaning units share a key. */
const QUANTITY_UNITS: Record<string, string> = {
  亿元: "亿元",
  万元: "万元",
  元: "元",
  个工作日: "工作日",
  工作日: "工作日",
  个小时: "小时",
  小时: "小时",
  分钟: "分钟",
  日: "日",
  天: "日",
  "%": "%",
  万: "万",
  亿: "亿",
};
const UNIT_PATTERN = Object.keys(QUANTITY_UNITS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const DIGIT_QUANTITY = new RegExp(`(?<![\\d.])(\\d+(?:\\.\\d+)?)(${UNIT_PATTERN})`, "g");
const CHINESE_QUANTITY = new RegExp(`([零〇一二两三四五六七八九十百千]+)(${UNIT_PATTERN})`, "g");

/**
 * The quantities a text states in digits, as `value unit` keys (`3 工作日`,
 * `50 %`). With `readChineseNumerals`, `三个工作日` counts too: clauses often
 * write numbers in Chinese where a reply writes digits. (Replies are read for
 * digits only: `统一日常` must not become “1日”.)
 */
export function statedQuantities(text: string, { readChineseNumerals = false } = {}): Set<string> {
  const compact = compactForMatching(text);
  const quantities = new Set<string>();
  for (const [, value, unit] of compact.matchAll(DIGIT_QUANTITY)) quantities.add(`${Number(value)} ${QUANTITY_UNITS[unit!]}`);
  if (!readChineseNumerals) return quantities;
  for (const [, numeral, unit] of compact.matchAll(CHINESE_QUANTITY)) {
    const value = chineseNumeralValue(numeral!);
    if (value !== null) quantities.add(`${value} ${QUANTITY_UNITS[unit!]}`);
  }
  return quantities;
}

/** Dates (2024年3月1日, 2024-03-01, 3月1日, 2024年3月), URLs and phone numbers: a reply may only repeat those of its sources. */
const DATE = /\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|(?<!\d)\d{1,2}\s*月\s*\d{1,2}\s*日/g;
const URL = /(?:https?:\/\/|www\.)[^\s，。；、”’）)\]】<>]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|gov|top|xyz|info|io)(?:\/[^\s，。；、”’）)\]】<>]*)?/gi;
const PHONE = /(?<![\d.])(?:\d{3,4}-\d{7,8}|1\d{10}|400-?\d{3}-?\d{4}|\d{5,8})(?![\d.%])/g;

/** Each match of `pattern` in a text, compacted (spaces removed, lower-cased) so two spellings compare equal. */
function mentions(text: string, pattern: RegExp): string[] {
  return [...new Set([...compactForMatching(text).matchAll(pattern)].map((match) => match[0].toLowerCase()))];
}

/** A stretch this long copied from the system prompt (and not from a cited clause) is an echo of the rules. */
const ECHO_CHARS = 20;

/** The first stretch of ECHO_CHARS characters of the reply that occurs in the system prompt but in no cited text, if any. */
function echoedRules(compactAnswer: string, systemPrompt: string, citedText: string): string | null {
  const rules = compactForMatching(systemPrompt);
  for (let start = 0; start + ECHO_CHARS <= compactAnswer.length; start++) {
    const window = compactAnswer.slice(start, start + ECHO_CHARS);
    if (rules.includes(window) && !citedText.includes(window)) return window;
  }
  return null;
}

/**
 * The clause numbers a reply cites, in order of first mention: `[1]`, `[1, 3]`,
 * `［2］`, `【2】` (see `src/text/citation-markers.ts`, which the console and the
 * eval read markers with too).
 */
export function citedRefs(answer: string): number[] {
  return distinctCitationRefs(answer);
}

/**
 * Dictionary names a text mentions. A name inside a longer mentioned name
 * (`行政审批局` inside `区行政审批局`) is the longer one's, not a mention of its own.
 */
function mentionedUnits(compactText: string, unitNames: readonly string[]): string[] {
  const spans: { name: string; start: number; end: number }[] = [];
  for (const name of unitNames) {
    const compactName = compactForMatching(name);
    if (!compactName) continue;
    for (let start = compactText.indexOf(compactName); start !== -1; start = compactText.indexOf(compactName, start + 1)) {
      spans.push({ name: compactName, start, end: start + compactName.length });
    }
  }
  const standalone = spans.filter(
    (span) => !spans.some((other) => other !== span && other.end - other.start > span.end - span.start && other.start <= span.start && other.end >= span.end),
  );
  return [...new Set(standalone.map((span) => span.name))];
}

/**
 * The unit without its level prefix: `区行政审批局` and `市市场监管局` are the
 * `行政审批局` and `市场监管局` a district plan lists. Which body is responsible
 * is what the check guards, not how the reply qualifies it.
 */
function unitCore(name: string): string {
  const core = name.replace(/^(园区|区|市)/, "");
  return core.length >= 2 ? core : name;
}

/**
 * Checks a model reply before it reaches a user, against the clauses it was
 * given — the reply is untrusted: every `[n]` is one of them; every
 * responsible unit it names appears in a clause it cites (the model must not
 * assign duties the plans do not); every time limit, percentage or amount
 * (元, 万元, %) it states, every date, link and phone number it gives occurs
 * in a cited clause (phone numbers the rules themselves give, 12345, may be
 * repeated); and it does not echo the system prompt. A reply citing nothing
 * passes only as a refusal that points to 12345 / 一企来, and the caller shows
 * its own refusal text in its place, never the model's words.
 */
export function verifyLlmAnswer({ answer, clauses, unitNames, systemPrompt = "" }: VerifyLlmAnswerInput): LlmAnswerVerdict {
  if (!answer.trim()) return { ok: false, reason: "the reply is empty" };
  const refs = citedRefs(answer);
  const unknown = refs.filter((ref) => ref < 1 || ref > clauses.length);
  if (unknown.length > 0) {
    return { ok: false, reason: `the reply cites ${unknown.map((ref) => `[${ref}]`).join("")}, but only [1]–[${clauses.length}] were given` };
  }
  if (refs.length === 0) {
    // Its words are never shown (the caller answers with its own refusal text), so there is nothing more to check.
    if (REFUSAL_MARKERS.some((marker) => answer.includes(marker))) return { ok: true, citedRefs: [] };
    return { ok: false, reason: "the reply cites no clause and is not a refusal" };
  }

  const cited = refs.map((ref) => clauses[ref - 1]!);
  const citedText = cited.map((clause) => compactForMatching(`${clause.text}\n${clause.units.join("、")}`)).join("\n");
  const compactAnswer = compactForMatching(answer);
  const strayUnits = mentionedUnits(compactAnswer, unitNames).filter((unit) => !citedText.includes(unitCore(unit)));
  if (strayUnits.length > 0) {
    return { ok: false, reason: `the reply names ${strayUnits.join("、")}, which no cited clause lists` };
  }

  const lowerCited = citedText.toLowerCase();
  const allowed = `${lowerCited}\n${compactForMatching(systemPrompt).toLowerCase()}`;
  for (const [what, pattern, sources] of [
    ["date", DATE, lowerCited],
    ["link", URL, lowerCited],
    ["phone number", PHONE, allowed],
  ] as const) {
    const stray = mentions(answer, pattern).filter((mention) => !sources.includes(mention));
    if (stray.length > 0) return { ok: false, reason: `the reply gives the ${what} ${stray.join("、")}, which no cited clause gives` };
  }

  const citedQuantities = new Set(cited.flatMap((clause) => [...statedQuantities(clause.text, { readChineseNumerals: true })]));
  const strayQuantities = [...statedQuantities(answer)].filter((quantity) => !citedQuantities.has(quantity));
  if (strayQuantities.length > 0) {
    return { ok: false, reason: `the reply states ${strayQuantities.map((quantity) => quantity.replace(" ", "")).join("、")}, which no cited clause states` };
  }

  const echo = systemPrompt ? echoedRules(compactAnswer, systemPrompt, citedText) : null;
  if (echo) return { ok: false, reason: `the reply echoes the system prompt (“${echo}…”)` };
  return { ok: true, citedRefs: refs };
}
