/**
 * Turns text into vectors. Implementations: the local bge-small-zh model
 * (default, offline) and an OpenAI-compatible embeddings endpoint.
 */
export interface Embedder {
  /** A stable name recorded with the index, e.g. `local:BAAI/bge-small-zh-v1.5`. */
  readonly name: string;
  /** Vector length; every vector this embedder returns has it. */
  readonly dimensions: number;
  /** Embeds passages (clauses) for storage. Vectors are L2-normalised. */
  embedDocuments(texts: readonly string[]): Promise<number[][]>;
  /** Embeds one search query (bge adds its retrieval instruction here). */
  embedQuery(text: string): Promise<number[]>;
  /** Saves what the embedder keeps for later runs (the passage cache); an ingest calls it once at its end. */
  flush?(): Promise<void>;
}
