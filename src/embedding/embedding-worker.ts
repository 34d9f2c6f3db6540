import { Worker } from "node:worker_threads";
import { ModelError } from "../errors/app-errors.js";
import { transformersUrl } from "./transformers-location.js";

/** One model call's output: `rows × columns` floats, row-major. */
export interface ExtractorOutput {
  dims: number[];
  data: Float32Array;
}

/** Settings the worker loads the model with. */
export interface WorkerModelSettings {
  modelDir: string;
  modelId: string;
  /** onnxruntime's intra-op threads: 1 on two cores (measured: pool threads spin-wait and fight the main thread). */
  intraOpNumThreads: number;
}

/**
 * The worker's code, as plain JavaScript evaluated by `new Worker(…, { eval: true })`:
 * it runs the same under tsx, vitest and compiled JavaScript, with no file to ship
 * beside the bundle. It imports transformers.js by the URL the main thread resolved
 * (`transformersUrl`).
 */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
(async () => {
  const { env, pipeline } = await import(workerData.transformersUrl);
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = workerData.modelDir;
  const extractor = await pipeline("feature-extraction", workerData.modelId, {
    dtype: "q8",
    local_files_only: true,
    session_options: { intraOpNumThreads: workerData.intraOpNumThreads, interOpNumThreads: 1 },
  });
  parentPort.on("message", async ({ id, texts }) => {
    try {
      const output = await extractor(texts, { pooling: "cls", normalize: true });
      const data = Float32Array.from(output.data);
      const dims = Array.from(output.dims);
      output.dispose();
      parentPort.postMessage({ id, dims, data }, [data.buffer]);
    } catch (error) {
      parentPort.postMessage({ id, error: String((error && error.message) || error) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ failed: String((error && error.message) || error) }));
`;

type WorkerReply = { ready: true } | { failed: string } | { id: number; dims: number[]; data: Float32Array } | { id: number; error: string };

/**
 * The embedding model in a worker thread, so inference never blocks the
 * event loop that serves requests: the main thread only posts texts and
 * receives floats. Calls are answered in order; an idle worker does not keep
 * the process alive (one with calls waiting does, or they would be lost).
 */
export class EmbeddingWorker {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (output: ExtractorOutput) => void; reject: (error: Error) => void }>();
  /** Resolved whenever the last waiting call has been answered. */
  private drained: (() => void)[] = [];

  private constructor(private readonly worker: Worker) {
    worker.on("message", (reply: WorkerReply) => {
      if (!("id" in reply)) return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) {
        worker.unref();
        for (const resolve of this.drained.splice(0)) resolve();
      }
      if ("error" in reply) waiting?.reject(new ModelError(`the embedding model failed: ${reply.error}`));
      else waiting?.resolve({ dims: reply.dims, data: reply.data });
    });
    worker.on("error", (error) => this.failAll(error));
    worker.on("exit", () => this.failAll(new Error("the embedding worker exited")));
    worker.unref();
  }

  /** Starts the worker and waits until its model is loaded; throws ModelError if it cannot load. */
  static async start(settings: WorkerModelSettings): Promise<EmbeddingWorker> {
    const worker = new Worker(workerSource, { eval: true, workerData: { ...settings, transformersUrl: transformersUrl() } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if ("ready" in reply) resolve();
        else if ("failed" in reply) reject(new ModelError(reply.failed));
        else return;
        worker.off("message", onMessage);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new EmbeddingWorker(worker);
  }

  /** Runs the model on one batch of texts. */
  run(texts: string[]): Promise<ExtractorOutput> {
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, texts });
    });
  }

  /**
   * Stops the worker once the calls already sent are answered: terminating a
   * thread in the middle of an onnxruntime run aborts the whole process.
   */
  async close(): Promise<void> {
    if (this.pending.size > 0) await new Promise<void>((resolve) => this.drained.push(resolve));
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    for (const resolve of this.drained.splice(0)) resolve();
  }
}
