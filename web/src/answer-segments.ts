/** A run of answer text, or one citation marker to be drawn as a chip. */
export type AnswerSegment = { kind: "text"; text: string } | { kind: "ref"; ref: number; marker: string };

// `[1]`, and the forms a language model sometimes writes instead: `[1,2]`,
// `[1、2]`, full-width `［1］`. Two digits at most: `[2023]` is a year, not a ref.
const markerPattern = /[[［]\s*(\d{1,2}(?:\s*[,，、]\s*\d{1,2})*)\s*[\]］]/g;

/**
 * Splits an answer into text and citation chips. A marker becomes chips only
 * when every number in it is a known ref (`knownRefs`, or any number when it
 * is omitted); otherwise it stays as text, so a stray `[7]` with no citation
 * behind it never turns into a button that opens nothing. Concatenating the
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
  for (const match of answer.matchAll(markerPattern)) {
    const refs = (match[1] ?? "").split(/[,，、]/).map((part) => Number.parseInt(part.trim(), 10));
    if (!refs.every((ref) => ref > 0 && (knownRefs === undefined || knownRefs.has(ref)))) continue;
    const start = match.index ?? 0;
    pushText(start);
    refs.forEach((ref, position) => segments.push({ kind: "ref", ref, marker: position === 0 ? match[0] : "" }));
    textStart = start + match[0].length;
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
