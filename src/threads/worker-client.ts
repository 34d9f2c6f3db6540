import { Worker } from "node:worker_threads";

/**
 * What a worker started by {@link WorkerClient.start} posts: `{ ready: true }`
 * once set up (or `{ failed }`), then one reply per call, `{ id, result }` or
 * `{ id, error: { message, fields } }` (fields such as a SQL error's `code`).
 */
type WorkerReply =
  | { ready: true }
  | { failed: string }
  | { id: number; result: unknown }
  | { id: number; error: { message: string; fields?: Record<string, unknown> } };

/** The young generation of each worker's heap, in MB (V8's default lets it grow to 48). */
const YOUNG_GENERATION_MB = 8;

/** How a failed call's message becomes the error its caller sees. */
export type CallErrorFactory = (message: string, fields: Record<string, unknown>) => Error;

/**
 * Calls into a worker thread whose code is plain JavaScript evaluated by
 * `new Worker(…, { eval: true })`: it runs the same under tsx, vitest and the
 * compiled bundle, with no file to ship beside it. Calls are matched to
 * replies by id. An idle worker does not keep the process alive; one with
 * calls waiting does, or they would be lost.
 */
export class WorkerClient {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  /** Resolved whenever the last waiting call has been answered. */
  private idle: (() => void)[] = [];

  private constructor(
    private readonly worker: Worker,
    private readonly callError: CallErrorFactory,
  ) {
    worker.on("message", (reply: WorkerReply) => {
      if (!("id" in reply)) return;
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) {
        worker.unref();
        for (const resolve of this.idle.splice(0)) resolve();
      }
      if ("error" in reply) waiting?.reject(this.callError(reply.error.message, reply.error.fields ?? {}));
      else waiting?.resolve(reply.result);
    });
    worker.on("error", (error) => this.failAll(error));
    worker.on("exit", () => this.failAll(new Error("the worker thread exited")));
    worker.unref();
  }

  /**
   * Starts the worker and waits for its `ready`; rejects with `startError` of
   * its `failed` message (or its crash), and leaves no thread behind.
   */
  static async start(source: string, workerData: unknown, errors: { startError: (message: string) => Error; callError: CallErrorFactory }): Promise<WorkerClient> {
    // A small young generation: a worker's messages are small, and each isolate's semi-spaces otherwise grow to 16 MB.
    const worker = new Worker(source, { eval: true, workerData, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    await new Promise<void>((resolve, reject) => {
      const onMessage = (reply: WorkerReply) => {
        if ("ready" in reply) resolve();
        else if ("failed" in reply) reject(errors.startError(reply.failed));
        else return;
        worker.off("message", onMessage);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    return new WorkerClient(worker, errors.callError);
  }

  /** Posts one call and resolves with its result. */
  call<T>(message: object): Promise<T> {
    const id = this.nextId++;
    if (this.pending.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Resolves once no call is waiting (at once when none is). */
  whenIdle(): Promise<void> {
    return this.pending.size === 0 ? Promise.resolve() : new Promise((resolve) => this.idle.push(resolve));
  }

  /** Stops the thread at once. */
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  private failAll(error: Error): void {
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
