import { findCitationMarkers } from "../../src/text/citation-markers.js";

/** A run of answer text, or one citation marker to be drawn as a chip. */
export type AnswerSegment = { kind: "text"; text: string } | { kind: "ref"; ref: number; marker: string };

/**
 * Splits an answer into text and citation chips. Markers are read as the
 * server's answer verifier reads them (`[1]`, `[1, 2]`, `[1、2]`, `［1］`,
 * `【1】`; see `src/text/citation-markers.ts`). A marker becomes chips only
 * when every number in it is a known ref (`knownRefs`, or any positive number
 * when it is omitted); otherwise it stays as text, so a stray `[7]` with no
 * citation behind it, or a year `[2023]`, never turns into a button that
 * opens nothing. Concatenating the
 * text of text segments and the `marker` of the first ref of each marker gives
 * back the input.
 */
export function splitAnswer(answer: string, knownRefs?: ReadonlySet<number>): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  let textStart = 0;
  const pushText = (end: number) => {
    if (end > textStart) {
      const previous = segments[segments.length - 1];
      const text = answer.slice(textStart, end);
      if (previous?.kind === "text") previous.text += text;
      else segments.push({ kind: "text", text });
    }
  };
  for (const marker of findCitationMarkers(answer)) {
    const { refs } = marker;
    if (!refs.every((ref) => ref > 0 && (knownRefs === undefined || knownRefs.has(ref)))) continue;
    pushText(marker.start);
    refs.forEach((ref, position) => segments.push({ kind: "ref", ref, marker: position === 0 ? marker.text : "" }));
    textStart = marker.end;
  }
  pushText(answer.length);
  return segments;
}

/** The refs an answer actually mentions, in first-mention order, without repeats. */
export function refsMentioned(answer: string, knownRefs?: ReadonlySet<number>): number[] {
  const seen = new Set<number>();
  for (const segment of splitAnswer(answer, knownRefs)) if (segment.kind === "ref") seen.add(segment.ref);
  return [...seen];
}
