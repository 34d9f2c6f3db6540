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
  /** Per token, its posting's number `p`: its rows are `rows[starts[p]]` up to `rows[starts[p + 1]]`. */
  private readonly postingOf = new Map<string, number>();
  /** Where each posting starts in `rows` and `frequencies`, and where the last one ends. */
  private readonly starts: Int32Array;
  /**
   * Every posting's rows, and how often the token occurs in each, one posting
   * after another: two arrays instead of two per token, whose object and
   * buffer overhead (~13,000 tokens at 328 rows) came to ~7 MB of a server's
   * idle memory.
   */
  private readonly rows: Int32Array;
  private readonly frequencies: Uint16Array;
  /** Per row: 1 − b + b · length / average length, the denominator's length part. */
  private readonly lengthNorms: Float32Array;
  /** Scores of the current query, indexed by row; reset after each search. */
  private readonly scratch: Float64Array;

  /** Builds the index from each row's space-joined tokens (lower-cased, as LanceDB's index lowers them). */
  constructor(rowTokens: readonly string[]) {
    const lists = new Map<string, { rows: number[]; frequencies: number[] }>();
    const lengths = new Float32Array(rowTokens.length);
    let entries = 0;
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
        entries++;
      }
      lengths[row] = length;
    });
    this.starts = new Int32Array(lists.size + 1);
    this.rows = new Int32Array(entries);
    this.frequencies = new Uint16Array(entries);
    let posting = 0;
    let end = 0;
    for (const [token, list] of lists) {
      this.postingOf.set(token, posting);
      this.rows.set(list.rows, end);
      this.frequencies.set(list.frequencies, end);
      end += list.rows.length;
      this.starts[++posting] = end;
    }
    const average = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length) || 1;
    this.lengthNorms = lengths.map((length) => 1 - B + (B * length) / average);
    this.scratch = new Float64Array(rowTokens.length);
  }

  /** How many rows hold the token, and where its posting starts (0 rows: not indexed). */
  private posting(token: string): { start: number; end: number } {
    const posting = this.postingOf.get(token.toLowerCase());
    if (posting === undefined) return { start: 0, end: 0 };
    return { start: this.starts[posting]!, end: this.starts[posting + 1]! };
  }

  /** How many rows hold the token (0 for one no row holds). */
  documentFrequency(token: string): number {
    const { start, end } = this.posting(token);
    return end - start;
  }

  /** How rare a token is across the rows: BM25's idf, highest for a token no row holds. */
  rarity(token: string): number {
    const { start, end } = this.posting(token);
    return inverseDocumentFrequency(this.size, end - start);
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
      const { start, end } = this.posting(token);
      if (start === end) continue;
      const idf = inverseDocumentFrequency(rowCount, end - start);
      for (let index = start; index < end; index++) {
        const row = this.rows[index]!;
        const frequency = this.frequencies[index]!;
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
