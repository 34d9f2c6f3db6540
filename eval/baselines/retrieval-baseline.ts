/**
 * A retrieval-only system compared against 企问 by `npm run eval -- --compare`.
 * It returns ranked passages and nothing else (no answer, no units, no
 * refusal), so it is scored on hit@1, hit@5 and MRR only.
 */
export interface RetrievalBaseline {
  /** Short name used in tables and in the JSON report, e.g. `naive-rag`. */
  readonly name: string;
  /** One line saying what it is, for the Markdown report. */
  readonly description: string;
  /** The texts of the top `k` passages for the question, best first. */
  search(question: string, k: number): Promise<string[]>;
  /** Releases what the baseline built (temporary tables and folders). */
  close(): Promise<void>;
}
