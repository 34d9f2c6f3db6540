/**
 * A pure function of a text, remembered: ingest asks for the same paragraph's
 * analysis several times (splitting, outline, clauses). The results are shared
 * between callers, so they must not be changed. At most `max` texts are kept;
 * beyond that the memory starts over.
 */
export function memoizeByText<Result>(build: (text: string) => Result, max = 20_000): (text: string) => Result {
  const known = new Map<string, Result>();
  return (text) => {
    const found = known.get(text);
    if (found !== undefined) return found;
    if (known.size >= max) known.clear();
    const result = build(text);
    known.set(text, result);
    return result;
  };
}
