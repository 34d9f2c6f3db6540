/**
 * Citation markers in answer text: `[1]`, `[1][2]`, lists `[1, 3]` `[1，3]`
 * `[1、3]`, and the full-width forms a language model writes in Chinese text,
 * `［1］` and `【1】` (full-width digits `［１］` too). Any number of digits:
 * whether `[2023]` names a citation is for the caller to decide against the
 * refs it has. One parser for the answer verifier, the eval and the web
 * console, so a marker one of them accepts is one all of them see.
 *
 * Runs in the browser bundle as well as in Node: no Node APIs, and no regular
 * expression features older Safari lacks (lookbehind).
 */

/** One marker as written in the text. */
export interface CitationMarker {
  /** Offset of the opening bracket in the text as given (UTF-16 code units, like `String#slice`). */
  start: number;
  /** Offset just past the closing bracket. */
  end: number;
  /** The marker as written, `text.slice(start, end)`. */
  text: string;
  /** The numbers it names, in the order written, repeats kept (`[1, 1]` is `[1, 1]`). */
  refs: number[];
}

const OPEN = "[［【";
const CLOSE = "\\]］】";
const DIGITS = "[0-9０-９]+";
const SEPARATOR = "[,，、]";

/** An opening bracket, numbers separated by commas or 、 (spaces allowed around them), a closing bracket. */
const MARKER = new RegExp(`[${OPEN}]\\s*(${DIGITS}(?:\\s*${SEPARATOR}\\s*${DIGITS})*)\\s*[${CLOSE}]`, "g");
const LIST_SEPARATOR = new RegExp(`\\s*${SEPARATOR}\\s*`);

/** Every citation marker in `text`, in order of position. */
export function findCitationMarkers(text: string): CitationMarker[] {
  const markers: CitationMarker[] = [];
  for (const match of text.matchAll(MARKER)) {
    const start = match.index ?? 0;
    markers.push({
      start,
      end: start + match[0].length,
      text: match[0],
      refs: (match[1] ?? "").split(LIST_SEPARATOR).map(parseDigits),
    });
  }
  return markers;
}

/** The numbers of every marker in `text`, in order, repeats kept. */
export function citationRefs(text: string): number[] {
  return findCitationMarkers(text).flatMap((marker) => marker.refs);
}

/** The numbers `text` cites, in order of first mention, each once. */
export function distinctCitationRefs(text: string): number[] {
  return [...new Set(citationRefs(text))];
}

/** `text` with every marker taken out (for comparing an answer's wording with a clause's). */
export function withoutCitationMarkers(text: string): string {
  let kept = "";
  let from = 0;
  for (const marker of findCitationMarkers(text)) {
    kept += text.slice(from, marker.start);
    from = marker.end;
  }
  return kept + text.slice(from);
}

/** `12` or full-width `１２` as a number. */
function parseDigits(digits: string): number {
  return Number(digits.replace(/[０-９]/g, (digit) => String(digit.charCodeAt(0) - 0xff10)));
}
