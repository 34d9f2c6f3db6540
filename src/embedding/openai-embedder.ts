import OpenAI from "openai";
import { z } from "zod";
import { UpstreamError } from "../errors/app-errors.js";
import type { Embedder } from "./embedder.js";

/** Inputs per request: well under OpenAI's 2,048 limit and small enough for self-hosted servers. */
const defaultBatchSize = 64;
const defaultTimeoutMs = 30_000;
const dimensionProbeText = "维度探测";

/** The part of an embeddings response we use; everything else is ignored. */
const embeddingsResponseSchema = z.object({
  data: z
    .array(
      z.object({
        index: z.number().int().nonnegative(),
        embedding: z.array(z.number().finite()).min(1),
      }),
    )
    .min(1),
});

/** Connection settings for an OpenAI-compatible `/embeddings` endpoint. */
export interface OpenAIEmbedderOptions {
  apiKey: string;
  model: string;
  /** E.g. `http://localhost:11434/v1` for a local server; the OpenAI API when absent. */
  baseURL?: string;
  /** Known vector length; when absent, {@link OpenAIEmbedder.create} asks the server once. */
  dimensions?: number;
  /** Inputs per request. */
  batchSize?: number;
  /** Per-request timeout. */
  timeoutMs?: number;
}

/**
 * Embeds through an OpenAI-compatible embeddings endpoint. Responses are
 * validated and re-normalised, since compatible servers do not all return unit vectors.
 */
export class OpenAIEmbedder implements Embedder {
  readonly name: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly model: string;
  private readonly batchSize: number;

  /** Use {@link OpenAIEmbedder.create} unless the dimensions are known. */
  constructor(options: OpenAIEmbedderOptions & { dimensions: number }) {
    this.model = options.model;
    this.name = `openai:${options.model}`;
    this.dimensions = options.dimensions;
    this.batchSize = options.batchSize ?? defaultBatchSize;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      timeout: options.timeoutMs ?? defaultTimeoutMs,
      maxRetries: 2,
    });
  }

  /**
   * Creates the embedder; without `dimensions` it embeds one probe text to
   * learn the vector length, which also checks the endpoint and key up front.
   */
  static async create(options: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    if (options.dimensions !== undefined) return new OpenAIEmbedder({ ...options, dimensions: options.dimensions });
    const probe = new OpenAIEmbedder({ ...options, dimensions: 0 });
    const [vector] = await probe.request([dimensionProbeText]);
    return new OpenAIEmbedder({ ...options, dimensions: vector!.length });
  }

  /** Embeds passages in batches of `batchSize`. */
  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.request(texts.slice(start, start + this.batchSize))));
    }
    return vectors;
  }

  /** Embeds a query exactly like a passage: these models take no instruction prefix. */
  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.request([text]);
    return vector!;
  }

  private async request(inputs: string[]): Promise<number[][]> {
    let raw: unknown;
    try {
      // Ask for floats explicitly: the SDK otherwise requests base64, which not every compatible server speaks.
      raw = await this.client.embeddings.create({ model: this.model, input: inputs, encoding_format: "float" });
    } catch (error) {
      const status = error instanceof OpenAI.APIError && error.status ? ` (HTTP ${error.status})` : "";
      throw new UpstreamError(
        `the embeddings endpoint failed${status}: ${error instanceof Error ? error.message : String(error)}`,
        { model: this.model },
      );
    }
    const parsed = embeddingsResponseSchema.safeParse(raw);
    if (!parsed.success) {
      throw new UpstreamError(`the embeddings endpoint returned an unexpected response: ${parsed.error.issues[0]?.message}`, {
        model: this.model,
      });
    }
    const vectors: (number[] | undefined)[] = new Array(inputs.length);
    for (const item of parsed.data.data) {
      if (item.index >= inputs.length) continue;
      vectors[item.index] = normalize(item.embedding);
    }
    const expectedLength = this.dimensions || vectors[0]?.length;
    for (let index = 0; index < inputs.length; index++) {
      const vector = vectors[index];
      if (!vector) throw new UpstreamError(`the embeddings endpoint returned no vector for input ${index}`, { model: this.model });
      if (vector.length !== expectedLength) {
        throw new UpstreamError(
          `the embeddings endpoint returned a ${vector.length}-dimensional vector, expected ${expectedLength}`,
          { model: this.model },
        );
      }
    }
    return vectors as number[][];
  }
}

function normalize(vector: number[]): number[] {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  const length = Math.sqrt(sumOfSquares);
  if (length === 0) throw new UpstreamError("the embeddings endpoint returned a zero vector");
  return vector.map((value) => value / length);
}
