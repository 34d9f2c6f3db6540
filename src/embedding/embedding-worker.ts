import { ModelError } from "../errors/app-errors.js";
import { WorkerClient } from "../threads/worker-client.js";
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
 * The worker's code (see WorkerClient for the protocol). It imports
 * transformers.js by the URL the main thread resolved (`transformersUrl`).
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
      parentPort.postMessage({ id, result: { dims, data } }, [data.buffer]);
    } catch (error) {
      parentPort.postMessage({ id, error: { message: String((error && error.message) || error) } });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((error) => parentPort.postMessage({ failed: String((error && error.message) || error) }));
`;

/**
 * The embedding model in a worker thread, so inference never blocks the
 * event loop that serves requests: the main thread only posts texts and
 * receives floats. Calls are answered in order.
 */
export class EmbeddingWorker {
  private constructor(private readonly client: WorkerClient) {}

  /** Starts the worker and waits until its model is loaded; throws ModelError if it cannot load. */
  static async start(settings: WorkerModelSettings): Promise<EmbeddingWorker> {
    const client = await WorkerClient.start(workerSource, { ...settings, transformersUrl: transformersUrl() }, {
      startError: (message) => new ModelError(message),
      callError: (message) => new ModelError(`the embedding model failed: ${message}`),
    });
    return new EmbeddingWorker(client);
  }

  /** Runs the model on one batch of texts. */
  run(texts: string[]): Promise<ExtractorOutput> {
    return this.client.call<ExtractorOutput>({ texts });
  }

  /**
   * Stops the worker once the calls already sent are answered: terminating a
   * thread in the middle of an onnxruntime run aborts the whole process.
   */
  async close(): Promise<void> {
    await this.client.whenIdle();
    await this.client.terminate();
  }
}
