/** Two-character pieces of a name: Chinese unit names share them when they are alike (市场监管局, 区市场监管局). */
function bigrams(text: string): Set<string> {
  const pieces = new Set<string>();
  const compact = text.replace(/\s+/g, "");
  for (let index = 0; index + 1 < compact.length; index++) pieces.add(compact.slice(index, index + 2));
  return pieces;
}

/**
 * Unit names close to what someone typed, best first: names containing it,
 * then names sharing the most two-character pieces with it. Used when a
 * lookup finds nothing, so the user can pick the name the documents use.
 */
export function suggestUnits(typed: string, names: readonly string[], limit = 6): string[] {
  const wanted = typed.replace(/\s+/g, "");
  if (!wanted) return [];
  const pieces = bigrams(wanted);
  return names
    .map((name) => {
      const contains = name.includes(wanted) || wanted.includes(name) ? 1 : 0;
      let shared = 0;
      for (const piece of bigrams(name)) if (pieces.has(piece)) shared++;
      return { name, contains, shared };
    })
    .filter((candidate) => candidate.contains > 0 || candidate.shared > 0)
    .sort((left, right) => right.contains - left.contains || right.shared - left.shared || left.name.length - right.name.length)
    .slice(0, limit)
    .map((candidate) => candidate.name);
}
