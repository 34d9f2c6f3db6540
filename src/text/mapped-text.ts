/**
 * A text derived from another by replacements, where every code unit
 * remembers the span of the source it came from — so a name found in the
 * normalised copy can be cut out of the text as written.
 */
export interface MappedText {
  text: string;
  /** `starts[i]`–`ends[i]`: the source span that code unit `i` came from. */
  starts: number[];
  ends: number[];
}

/** One replacement of `text.slice(start, end)` by `text`. */
export interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** A text mapped onto itself. */
export function identityMapped(text: string): MappedText {
  const starts = Array.from({ length: text.length }, (_, index) => index);
  return { text, starts, ends: starts.map((index) => index + 1) };
}

/**
 * Applies sorted, non-overlapping replacements. A replacement as long as what
 * it replaces maps code unit to code unit; any other maps each new code unit
 * to the whole span it replaced.
 */
export function applyReplacements(mapped: MappedText, replacements: readonly Replacement[]): MappedText {
  if (replacements.length === 0) return mapped;
  let text = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let from = 0;
  const keep = (end: number) => {
    text += mapped.text.slice(from, end);
    for (let index = from; index < end; index++) {
      starts.push(mapped.starts[index]!);
      ends.push(mapped.ends[index]!);
    }
  };
  for (const replacement of replacements) {
    keep(replacement.start);
    const spanStart = mapped.starts[replacement.start] ?? mapped.ends.at(-1) ?? 0;
    const spanEnd = replacement.end > replacement.start ? mapped.ends[replacement.end - 1]! : spanStart;
    const positional = replacement.text.length === replacement.end - replacement.start;
    for (let index = 0; index < replacement.text.length; index++) {
      starts.push(positional ? mapped.starts[replacement.start + index]! : spanStart);
      ends.push(positional ? mapped.ends[replacement.start + index]! : spanEnd);
    }
    text += replacement.text;
    from = replacement.end;
  }
  keep(mapped.text.length);
  return { text, starts, ends };
}

/** The source span of `mapped.text.slice(start, end)`. */
export function sourceSpan(mapped: MappedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const point = mapped.starts[start] ?? mapped.ends.at(-1) ?? 0;
    return { start: point, end: point };
  }
  return { start: mapped.starts[start]!, end: mapped.ends[end - 1]! };
}

/** Replacements for every match of a global pattern. */
export function replacementsOf(text: string, pattern: RegExp, replace: (match: RegExpMatchArray) => string): Replacement[] {
  const replacements: Replacement[] = [];
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    const replacement = replace(match);
    if (replacement !== match[0]) replacements.push({ start, end: start + match[0].length, text: replacement });
  }
  return replacements;
}
