import { applyReplacements, identityMapped, replacementsOf, sourceSpan, type MappedText, type Replacement } from "./mapped-text.js";
import { PINYIN_ANNOTATION, traditionalToSimplified } from "./normalize.js";
import { memoizeByText } from "./memoize-by-text.js";
import { mojibakeRepairs } from "./repair-mojibake.js";

/**
 * The copy of a text that units, headings and search read, beside the text as
 * written that people see: artefacts removed (pinyin annotations `區(qū)`, the
 * `??` of lost full-width spaces, mojibake), NFKC (full-width letters, digits
 * and punctuation to plain ones) and Traditional → Simplified. Every offset in
 * the copy maps back to the text as written, so what is found in the copy is
 * quoted as the document wrote it.
 */
export interface AnalysisCopy {
  /** The text as written. */
  written: string;
  /** The normalised copy. */
  text: string;
  /** The written span of `text.slice(start, end)`. */
  writtenSpan(start: number, end: number): { start: number; end: number };
  /** `written.slice(…)` of the written span of `text.slice(start, end)`. */
  writtenSlice(start: number, end: number): string;
}

/** `??` where a web page lost its full-width spaces (U+3000 turned into two question marks). */
const LOST_SPACES = /\?\?/g;

/**
 * Circled numbers (①②③) are list markers the structure reads; NFKC would make
 * them plain digits, so they are kept.
 */
const KEEP_UNDER_NFKC = /[\u2460-\u2473\u2776-\u277f]/u;

function nfkcReplacements(text: string): Replacement[] {
  const replacements: Replacement[] = [];
  let offset = 0;
  for (const character of text) {
    const normalised = KEEP_UNDER_NFKC.test(character) ? character : character.normalize("NFKC");
    if (normalised !== character) replacements.push({ start: offset, end: offset + character.length, text: normalised });
    offset += character.length;
  }
  return replacements;
}

/** Traditional → Simplified, character by character where the converter kept the length (it nearly always does). */
function simplifiedReplacements(text: string): Replacement[] {
  const converted = traditionalToSimplified(text);
  const replacements: Replacement[] = [];
  if (converted.length === text.length) {
    for (let index = 0; index < text.length; index++) {
      if (converted[index] !== text[index]) replacements.push({ start: index, end: index + 1, text: converted[index]! });
    }
    return replacements;
  }
  let offset = 0;
  for (const character of text) {
    const simplified = traditionalToSimplified(character);
    if (simplified !== character) replacements.push({ start: offset, end: offset + character.length, text: simplified });
    offset += character.length;
  }
  return replacements;
}

/** The steps that remove what the source format or a broken tool added, keeping the characters written. */
const ARTEFACT_STEPS: ((text: string) => Replacement[])[] = [
  (text) => replacementsOf(text, PINYIN_ANNOTATION, () => ""),
  (text) => replacementsOf(text, LOST_SPACES, () => ""),
  mojibakeRepairs,
];

function runSteps(text: string, steps: readonly ((text: string) => Replacement[])[]): MappedText {
  let mapped = identityMapped(text);
  for (const step of steps) mapped = applyReplacements(mapped, step(mapped.text));
  return mapped;
}

/**
 * The text as written with its artefacts removed — pinyin annotations, `??`,
 * mojibake repaired — and nothing else changed: what a person is shown.
 */
export function removeArtefacts(text: string): string {
  return runSteps(text, ARTEFACT_STEPS).text;
}

/** Builds the analysis copy of a text as written (shared between callers asking for the same text). */
export const createAnalysisCopy: (written: string) => AnalysisCopy = memoizeByText(buildAnalysisCopy);

function buildAnalysisCopy(written: string): AnalysisCopy {
  const mapped = runSteps(written, [...ARTEFACT_STEPS, nfkcReplacements, simplifiedReplacements]);
  const writtenSpan = (start: number, end: number) => sourceSpan(mapped, start, end);
  return {
    written,
    text: mapped.text,
    writtenSpan,
    writtenSlice: (start, end) => {
      const span = writtenSpan(start, end);
      return written.slice(span.start, span.end);
    },
  };
}
