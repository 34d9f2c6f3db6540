import { availableParallelism } from "node:os";
import { ModelError } from "../errors/app-errors.js";
import type { Embedder } from "./embedder.js";
import { EmbeddingWorker } from "./embedding-worker.js";
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
  /** onnxruntime intra-op threads per worker (default 1: see the README's load table). */
  threads?: number;
  /** Workers that embed passages in parallel (default: one per core); queries use the first only. */
  passageWorkers?: number;
  /**
   * When the model is loaded: at `create`, and kept (the default: a server is
   * ready only with its model), or at the first call and unloaded when idle,
   * for an ingest — whose passages may all be in the cache, and which builds
   * its indexes after the last one: each worker holds ~150 MB.
   */
  load?: "now" | "on-first-use";
}

/** Extra passage workers stop after this long unused: a server that built its index does not keep them. */
const PASSAGE_WORKERS_IDLE_MS = 30_000;
/** A model loaded on first use is unloaded after this long without a call (an ingest's batches follow each other within milliseconds). */
const UNLOAD_IDLE_MS = 2_000;

/**
 * The offline embedder: BAAI/bge-small-zh-v1.5 (int8 ONNX) run by
 * transformers.js in a worker thread (inference off the event loop), one
 * onnxruntime thread by default. CLS pooling and L2 normalisation, as the
 * model card prescribes.
 */
export class LocalEmbedder implements Embedder {
  readonly name = `local:${bgeModelId}`;
  readonly dimensions = bgeDimensions;

  /** Workers beside the first, started by the first passage batch that can use them. */
  private extraWorkers: Promise<EmbeddingWorker[]> | null = null;
  private idleTimer: NodeJS.Timeout | null = null;

  /** The first worker (queries and passages), once started. */
  private firstWorker: Promise<EmbeddingWorker> | null = null;
  /** Calls running now; the unload timer runs only while there are none. */
  private calls = 0;
  private unloadTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly batchSize: number,
    private readonly settings: { modelDir: string; threads: number; passageWorkers: number; unloadWhenIdle: boolean },
  ) {}

  /** Whether the model is loaded (or loading) now: always after `create`, unless it was asked to load on first use. */
  get loaded(): boolean {
    return this.firstWorker !== null;
  }

  /** Runs one call; a model loaded on first use is unloaded once no call has run for UNLOAD_IDLE_MS. */
  private async call<T>(work: () => Promise<T>): Promise<T> {
    this.calls++;
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    try {
      return await work();
    } finally {
      if (--this.calls === 0 && this.settings.unloadWhenIdle) {
        this.unloadTimer = setTimeout(() => void this.close(), UNLOAD_IDLE_MS);
        this.unloadTimer.unref();
      }
    }
  }

  /**
   * Makes sure the model is under `modelDir` (fetching it from the npm registry
   * if not), then loads it — now, or with `load: "on-first-use"` at the first
   * call, unloading it after two idle seconds. Throws ModelError if either step
   * fails (the load, then, from that call).
   */
  static async create(modelDir: string, options: LocalEmbedderOptions = {}): Promise<LocalEmbedder> {
    const batchSize = options.batchSize ?? defaultBatchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    await ensureModel(modelDir, { onProgress: options.onProgress });
    const embedder = new LocalEmbedder(batchSize, {
      modelDir,
      threads: options.threads ?? 1,
      passageWorkers: options.passageWorkers ?? availableParallelism(),
      unloadWhenIdle: options.load === "on-first-use",
    });
    if (options.load !== "on-first-use") await embedder.worker();
    return embedder;
  }

  /** The first worker, started on the first call (a failed start is retried by the next). */
  private worker(): Promise<EmbeddingWorker> {
    const { modelDir, threads } = this.settings;
    // The worker sets transformers.js's globals so that nothing comes from a model hub at run time.
    this.firstWorker ??= EmbeddingWorker.start({ modelDir, modelId: bgeModelId, intraOpNumThreads: threads }).catch((error: unknown) => {
      this.firstWorker = null;
      throw new ModelError(
        `could not load ${bgeModelId} from ${modelDir}: ${error instanceof Error ? error.message : String(error)}; ` +
          `delete that folder to have it fetched again, or set MODEL_DIR to a folder with the model`,
        { modelDir },
      );
    });
    return this.firstWorker;
  }

  /**
   * Embeds passages as they are (no instruction), in length-sorted batches.
   * The int8 model quantises activations per call, so a vector shifts slightly
   * with its batch neighbours (cosine ≈ 0.995 to the same text embedded alone);
   * pass `batchSize: 1` where batch-independent vectors matter more than speed.
   */
  embedDocuments(texts: readonly string[]): Promise<number[][]> {
    return this.call(() => this.embedPassages(texts));
  }

  private async embedPassages(texts: readonly string[]): Promise<number[][]> {
    // Each batch is padded to its longest text, so grouping similar lengths
    // wastes less compute (measured ~2× faster than input order).
    const order = texts.map((_, index) => index).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const vectors: number[][] = new Array(texts.length);
    const batches: number[][] = [];
    for (let start = 0; start < order.length; start += this.batchSize) batches.push(order.slice(start, start + this.batchSize));
    // Batches are spread over the workers (each answers its own in order): one core each.
    const first = await this.worker();
    const workers = batches.length > 1 ? [first, ...(await this.passageWorkers())] : [first];
    await Promise.all(
      batches.map(async (batchIndexes, batch) => {
        const batchVectors = await this.run(batchIndexes.map((index) => texts[index]!), workers[batch % workers.length]!);
        batchIndexes.forEach((index, position) => {
          vectors[index] = batchVectors[position]!;
        });
      }),
    );
    return vectors;
  }

  private passageWorkers(): Promise<EmbeddingWorker[]> {
    const extra = Math.max(0, this.settings.passageWorkers - 1);
    this.extraWorkers ??= Promise.all(
      Array.from({ length: extra }, () => EmbeddingWorker.start({ modelDir: this.settings.modelDir, modelId: bgeModelId, intraOpNumThreads: this.settings.threads })),
    );
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.stopPassageWorkers(), PASSAGE_WORKERS_IDLE_MS);
    this.idleTimer.unref();
    return this.extraWorkers;
  }

  /** Stops the extra workers; each finishes the calls it was given first. */
  private async stopPassageWorkers(): Promise<void> {
    const extra = this.extraWorkers;
    this.extraWorkers = null;
    if (extra) await Promise.all((await extra).map((worker) => worker.close()));
  }

  /** Embeds a search query, prefixed with bge's retrieval instruction. */
  embedQuery(text: string): Promise<number[]> {
    return this.call(async () => (await this.run([bgeQueryInstruction + text]))[0]!);
  }

  /** Each worker runs its calls one at a time: on two cores, more parallel runs only fight over the CPU. */
  private async run(batch: string[], worker?: EmbeddingWorker): Promise<number[][]> {
    const output = await (worker ?? (await this.worker())).run(batch);
    const [rows, columns] = output.dims;
    if (rows !== batch.length || columns !== this.dimensions) {
      throw new ModelError(`${bgeModelId} returned a ${output.dims.join("×")} tensor for ${batch.length} texts`);
    }
    return batch.map((_, row) => Array.from(output.data.subarray(row * columns!, (row + 1) * columns!)));
  }

  /** Stops the model's worker threads (a later call starts them again). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.unloadTimer) clearTimeout(this.unloadTimer);
    this.unloadTimer = null;
    const first = this.firstWorker;
    this.firstWorker = null;
    await Promise.all([first?.then((worker) => worker.close(), () => undefined), this.stopPassageWorkers()]);
  }
}
