/** BM25's term-frequency saturation and length normalisation: the usual values, and LanceDB's. */
const K1 = 1.2;
const B = 0.75;
/**
 * LanceDB's tokenizer drops tokens of this many UTF-8 bytes or more (tantivy's
 * RemoveLongFilter at its default of 40): a 16-character unit name is not
 * indexed there, so it is not here either, or the two would rank apart.
 */
const MAX_TOKEN_BYTES = 40;

function indexable(token: string): boolean {
  return token.length > 0 && Buffer.byteLength(token, "utf8") < MAX_TOKEN_BYTES;
}

/** BM25's idf, as LanceDB computes it. */
function inverseDocumentFrequency(rowCount: number, documentFrequency: number): number {
  return Math.log(1 + (rowCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** One scored row of a full-text search. */
export interface TextHit {
  row: number;
  score: number;
}

/**
 * BM25 over the `tokens` column held in memory: the same whitespace tokens
 * and the same formula as LanceDB's full-text index (k1 1.2, b 0.75, idf
 * ln(1 + (N − n + 0.5) / (n + 0.5)), a query token counted as often as it
 * occurs), without
 * its per-query cost — at 328 rows LanceDB spent ~3 ms of CPU per search, this
 * a few hundredths. Rows are numbered as given; the caller maps them back.
 */
export class MemoryTextIndex {
  /** Per token: the rows holding it and how often, side by side. */
  private readonly postings = new Map<string, { rows: Int32Array; frequencies: Uint16Array }>();
  /** Per row: 1 − b + b · length / average length, the denominator's length part. */
  private readonly lengthNorms: Float32Array;
  /** Scores of the current query, indexed by row; reset after each search. */
  private readonly scratch: Float64Array;

  /** Builds the index from each row's space-joined tokens (lower-cased, as LanceDB's index lowers them). */
  constructor(rowTokens: readonly string[]) {
    const lists = new Map<string, { rows: number[]; frequencies: number[] }>();
    const lengths = new Float32Array(rowTokens.length);
    rowTokens.forEach((text, row) => {
      const counts = new Map<string, number>();
      for (const token of text.toLowerCase().split(/\s+/)) if (indexable(token)) counts.set(token, (counts.get(token) ?? 0) + 1);
      let length = 0;
      for (const [token, count] of counts) {
        length += count;
        let list = lists.get(token);
        if (!list) lists.set(token, (list = { rows: [], frequencies: [] }));
        list.rows.push(row);
        list.frequencies.push(Math.min(count, 0xffff));
      }
      lengths[row] = length;
    });
    for (const [token, list] of lists) this.postings.set(token, { rows: Int32Array.from(list.rows), frequencies: Uint16Array.from(list.frequencies) });
    const average = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length) || 1;
    this.lengthNorms = lengths.map((length) => 1 - B + (B * length) / average);
    this.scratch = new Float64Array(rowTokens.length);
  }

  /** How rare a token is across the rows: BM25's idf, highest for a token no row holds. */
  rarity(token: string): number {
    return inverseDocumentFrequency(this.size, this.postings.get(token.toLowerCase())?.rows.length ?? 0);
  }

  /** Number of rows indexed. */
  get size(): number {
    return this.lengthNorms.length;
  }

  /**
   * The `limit` best rows for the tokens (OR semantics: a row needs one of
   * them), best first, ties in row order; `accept` narrows which rows count.
   */
  search(tokens: readonly string[], limit: number, accept?: (row: number) => boolean): TextHit[] {
    const rowCount = this.size;
    const touched: number[] = [];
    for (const token of tokens) {
      const posting = this.postings.get(token.toLowerCase());
      if (!posting) continue;
      const documentFrequency = posting.rows.length;
      const idf = inverseDocumentFrequency(rowCount, documentFrequency);
      for (let index = 0; index < documentFrequency; index++) {
        const row = posting.rows[index]!;
        const frequency = posting.frequencies[index]!;
        if (this.scratch[row] === 0) touched.push(row);
        this.scratch[row]! += (idf * frequency * (K1 + 1)) / (frequency + K1 * this.lengthNorms[row]!);
      }
    }
    const hits: TextHit[] = [];
    for (const row of touched) {
      if (!accept || accept(row)) hits.push({ row, score: this.scratch[row]! });
      this.scratch[row] = 0;
    }
    return hits.sort((left, right) => right.score - left.score || left.row - right.row).slice(0, limit);
  }
}
