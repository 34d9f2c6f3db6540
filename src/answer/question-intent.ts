import type { ChatTurn } from "./chat-schemas.js";
import { normalizeForSearch } from "../text/normalize.js";
import type { AnswerLexicon, FactKind, QuestionKind } from "./answer-lexicon.js";

/** What a question asks for, read from its wording alone (no retrieval). */
export interface QuestionIntent {
  /** Every kind the question's cues name, most specific first. */
  kinds: QuestionKind[];
  /** The kinds among them that only a sentence holding such a fact answers (time, amount …). */
  factKinds: FactKind[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * A cue as a pattern: latin cues match whole words (`rate` is not in
 * `separate`), Chinese ones anywhere; `^can` only at the start of a sentence.
 */
function cuePattern(cue: string): RegExp {
  const anchored = cue.startsWith("^");
  const lower = normalizeForSearch(cue.replace(/^\^/, "")).toLowerCase();
  const body = /[a-z]/.test(lower) ? `\\b${escapeRegExp(lower)}s?\\b` : escapeRegExp(lower);
  return new RegExp(anchored ? `^\\s*${body}` : body, "g");
}

interface CompiledCues {
  kinds: { kind: QuestionKind; patterns: RegExp[] }[];
  notCues: RegExp[];
}

const compiled = new WeakMap<AnswerLexicon, CompiledCues>();

function cuesOf(lexicon: AnswerLexicon): CompiledCues {
  let cues = compiled.get(lexicon);
  if (!cues) {
    // Longer cues first inside a kind, so 多少个工作日 is taken whole before 多少 could be.
    cues = {
      kinds: lexicon.questionCues.map(({ kind, cues: list, patterns }) => ({ kind, patterns: [...list].sort((a, b) => b.length - a.length).map(cuePattern).concat(patterns) })),
      notCues: lexicon.notCues.map(cuePattern),
    };
    compiled.set(lexicon, cues);
  }
  return cues;
}

/**
 * The kinds a text's cues name. Kinds are tried most specific first and a
 * matched cue is taken out of the text, so 多少天 counts as a time and not
 * also as the bare quantity 多少.
 */
function kindsIn(text: string, cues: CompiledCues): QuestionKind[] {
  const original = cues.notCues.reduce((current, pattern) => current.replace(pattern, " "), text);
  let remaining = original;
  const kinds: QuestionKind[] = [];
  for (const { kind, patterns } of cues.kinds) {
    let found = false;
    for (const pattern of patterns) {
      // A cue anchored at the start is read on the sentence as written: taking cues out must not make a new start.
      const anchored = pattern.source.startsWith("^");
      pattern.lastIndex = 0;
      if (pattern.test(anchored ? original : remaining)) {
        found = true;
        pattern.lastIndex = 0;
        if (!anchored) remaining = remaining.replace(pattern, " ");
      }
    }
    if (found) kinds.push(kind);
  }
  return kinds;
}

/**
 * The kinds one question sentence asks for. Its last comma-separated part is
 * the question proper (我们出口电子元器件，现在出口退税率是多少); the parts before
 * it are context (想先停几个月，…归哪个部门) and count only when the last part
 * has no cue. A yes/no question (能不能合到一起测, 会被停电吗) asks for no fact,
 * whatever numbers its wording mentions.
 */
function kindsOfSentence(sentence: string, cues: CompiledCues): QuestionKind[] {
  const parts = sentence.split(/[，,；;：:]/).map((part) => part.trim()).filter(Boolean);
  const last = parts.at(-1) ?? sentence;
  const kinds = kindsIn(last, cues);
  const asked = kinds.length > 0 ? kinds : kindsIn(sentence, cues);
  return asked.includes("yesno") ? asked.filter((kind) => kind === "yesno" || kind === "unit" || kind === "place" || kind === "procedure" || kind === "deadline") : asked;
}

/** The kinds a whole text asks for: the union over its question sentences, in kind order. */
function kindsOfText(text: string, cues: CompiledCues): QuestionKind[] {
  const sentences = normalizeForSearch(text)
    .toLowerCase()
    .split(/[？?！!。\n]/)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
  const asked = new Set(sentences.flatMap((sentence) => kindsOfSentence(sentence, cues)));
  return cues.kinds.map(({ kind }) => kind).filter((kind) => asked.has(kind));
}

/**
 * Reads what a question asks for (时限, 金额, 材料, 在哪办 …) from the cues in
 * lexicon/intents.json. An elliptical follow-up with no cue of its own
 * (那相城区呢？) asks what the previous question asked.
 */
export function readQuestionIntent(question: string, history: readonly ChatTurn[], lexicon: AnswerLexicon): QuestionIntent {
  const cues = cuesOf(lexicon);
  let kinds = kindsOfText(question, cues);
  if (kinds.length === 0) {
    const previous = [...history].reverse().find((turn) => turn.role === "user")?.content;
    if (previous) kinds = kindsOfText(previous, cues);
  }
  return { kinds, factKinds: kinds.filter((kind): kind is FactKind => lexicon.gapKinds.has(kind as FactKind)) };
}

/** The fact kinds a sentence holds, by the patterns of lexicon/fact-patterns.json. */
export function factKindsOf(sentence: string, lexicon: AnswerLexicon): Set<FactKind> {
  const text = normalizeForSearch(sentence);
  const held = new Set<FactKind>();
  for (const [kind, patterns] of lexicon.factPatterns) if (patterns.some((pattern) => pattern.test(text))) held.add(kind);
  return held;
}
