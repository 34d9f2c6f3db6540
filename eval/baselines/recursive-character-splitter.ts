/**
 * LangChain's RecursiveCharacterTextSplitter (`@langchain/textsplitters`),
 * reimplemented so the naive-RAG baseline chunks text exactly as a default
 * LangChain pipeline would, without adding the package. Behaviour kept on
 * purpose, quirks included:
 * - separators are tried in order; the first one the text contains is used, and
 *   pieces still too long are split again with the separators after it;
 * - separators are kept, at the start of the piece that follows them;
 * - length is `string.length` (UTF-16 units: one per CJK character);
 * - each chunk is trimmed, and empty chunks dropped;
 * - the overlap is made of whole pieces from the end of the previous chunk, so
 *   it is at most `chunkOverlap` characters and can be less (or none);
 * - a piece longer than `chunkSize` with no separator left is kept whole.
 * The one difference: LangChain warns on the console about oversized chunks;
 * this stays silent (the eval's stdout must stay clean).
 */

/** Options of {@link recursiveCharacterSplit}; LangChain's defaults are 1000/200 and {@link langchainDefaultSeparators}. */
export interface RecursiveSplitOptions {
  chunkSize: number;
  chunkOverlap: number;
  separators?: readonly string[];
}

/** The separators LangChain uses when none are given: paragraphs, lines, words, characters. */
export const langchainDefaultSeparators: readonly string[] = ["\n\n", "\n", " ", ""];

/** Splits text into chunks of at most `chunkSize` characters, overlapping by up to `chunkOverlap`. */
export function recursiveCharacterSplit(text: string, options: RecursiveSplitOptions): string[] {
  const { chunkSize, chunkOverlap } = options;
  if (!(chunkSize > 0)) throw new Error("chunkSize must be positive");
  if (chunkOverlap < 0 || chunkOverlap >= chunkSize) throw new Error("chunkOverlap must be at least 0 and less than chunkSize");
  return splitWith(text, options.separators ?? langchainDefaultSeparators, chunkSize, chunkOverlap);
}

function splitWith(text: string, separators: readonly string[], chunkSize: number, chunkOverlap: number): string[] {
  let separator = separators[separators.length - 1] ?? "";
  let finerSeparators: readonly string[] | undefined;
  for (const [index, candidate] of separators.entries()) {
    if (candidate === "") {
      separator = candidate;
      break;
    }
    if (text.includes(candidate)) {
      separator = candidate;
      finerSeparators = separators.slice(index + 1);
      break;
    }
  }

  const chunks: string[] = [];
  let fitting: string[] = [];
  for (const piece of splitKeepingSeparator(text, separator)) {
    if (piece.length < chunkSize) {
      fitting.push(piece);
      continue;
    }
    if (fitting.length > 0) {
      chunks.push(...mergePieces(fitting, chunkSize, chunkOverlap));
      fitting = [];
    }
    if (finerSeparators) chunks.push(...splitWith(piece, finerSeparators, chunkSize, chunkOverlap));
    else chunks.push(piece);
  }
  if (fitting.length > 0) chunks.push(...mergePieces(fitting, chunkSize, chunkOverlap));
  return chunks;
}

/** Splits before each occurrence of the separator (so it starts the next piece); "" splits into characters. */
function splitKeepingSeparator(text: string, separator: string): string[] {
  const pieces = separator === "" ? text.split("") : text.split(new RegExp(`(?=${escapeRegExp(separator)})`));
  return pieces.filter((piece) => piece !== "");
}

/**
 * Packs consecutive pieces into chunks up to `chunkSize`; when one is full,
 * drops pieces from its front until what is left fits in the overlap (and
 * leaves room for the next piece), and starts the next chunk with them.
 * Pieces are joined with "" since each already carries its separator.
 */
function mergePieces(pieces: readonly string[], chunkSize: number, chunkOverlap: number): string[] {
  const chunks: string[] = [];
  const current: string[] = [];
  let total = 0;
  for (const piece of pieces) {
    if (total + piece.length > chunkSize && current.length > 0) {
      const chunk = current.join("").trim();
      if (chunk !== "") chunks.push(chunk);
      while (total > chunkOverlap || (total + piece.length > chunkSize && total > 0)) {
        total -= current.shift()!.length;
      }
    }
    current.push(piece);
    total += piece.length;
  }
  const last = current.join("").trim();
  if (last !== "") chunks.push(last);
  return chunks;
}

function escapeRegExp(text: string): string {
  return text.replace(/[/\-\\^$*+?.()|[\]{}]/g, "\\$&");
}
