/**
 * Columns a string takes in a terminal: two for East Asian wide characters
 * (CJK ideographs, including the supplementary planes from U+20000, kana,
 * Hangul, full-width forms), one otherwise. Counts code points, so a
 * character outside the BMP is one character, not two UTF-16 halves.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const character of text) width += isWide(character.codePointAt(0)!) ? 2 : 1;
  return width;
}

/** The longest start of `text` that fits in `columns` terminal cells, cut between characters. */
export function truncateToWidth(text: string, columns: number): string {
  let width = 0;
  let end = 0;
  for (const character of text) {
    width += isWide(character.codePointAt(0)!) ? 2 : 1;
    if (width > columns) return text.slice(0, end);
    end += character.length;
  }
  return text;
}

function isWide(codePoint: number): boolean {
  return (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    codePoint >= 0x20000
  );
}

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  /** The character the rule under the headers is drawn with; `-` unless told. */
  rule?: string;
}

/**
 * A plain-text table, columns padded by display width (a CJK character takes
 * two cells) and separated by two spaces; columns listed in `rightAligned`
 * (numbers) are aligned right. Trailing spaces are trimmed from each line.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly number[] = [],
  options: FormatTableOptions = {},
): string {
  const widths = headers.map((header, column) => Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[column] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const padding = " ".repeat(Math.max(0, (widths[column] ?? 0) - displayWidth(cell)));
        return rightAligned.includes(column) ? padding + cell : cell + padding;
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => (options.rule ?? "-").repeat(width)).join("  ");
  return [line(headers), rule, ...rows.map(line)].join("\n");
}
