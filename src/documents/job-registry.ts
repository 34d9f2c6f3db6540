import { randomUUID } from "node:crypto";

/** What a job does: check an upload, publish one into the index, or remove a document from it. */
export type JobKind = "check" | "publish" | "remove";
export type JobState = "queued" | "running" | "done" | "failed";

/** Where a job is: its stage, and how far through it where that is known (clauses embedded of all). */
export interface JobProgress {
  stage: string;
  done?: number;
  total?: number;
}

/** A job as the admin API shows it. */
export interface JobView {
  id: string;
  kind: JobKind;
  state: JobState;
  progress: JobProgress;
  /** The upload or document the job is about. */
  subject: { uploadId?: string; docId?: string };
  createdAt: string;
  finishedAt: string | null;
  /** Milliseconds spent in each stage so far, for the admin (and the publish benchmark) to see where the time goes. */
  stageMs: Record<string, number>;
  /** What the job found or did, once done. */
  report?: unknown;
  /** Why it failed, once failed: the message says what to do. */
  error?: { code: string; message: string };
}

/** What a job's work may do while it runs. */
export interface JobControl {
  readonly id: string;
  progress(progress: JobProgress): void;
}

/** Turns what a job threw into the words the API shows. */
export type DescribeFailure = (error: unknown) => { code: string; message: string };

/** Finished jobs kept for polling; older ones are forgotten first. */
const KEPT_FINISHED = 200;

/**
 * The jobs of this process, in memory (lost on restart; what they wrote —
 * the catalog, the index — is not). Jobs marked `exclusive` (the ones that
 * write the catalog and the index) run one at a time: starting another while
 * one runs returns the running one instead. The others run one after the
 * other in a queue, so a burst of uploads does not parse ten plans at once.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobView>();
  private exclusive: JobView | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly describeFailure: DescribeFailure) {}

  /** A job by id, as it stands now. */
  get(id: string): JobView | undefined {
    const job = this.jobs.get(id);
    return job && structuredClone(job);
  }

  /** The exclusive job running now, if any. */
  runningExclusive(): JobView | null {
    return this.exclusive && structuredClone(this.exclusive);
  }

  /** Queues a job behind the other queued ones. */
  enqueue(kind: JobKind, subject: JobView["subject"], work: (control: JobControl) => Promise<unknown>): JobView {
    const job = this.create(kind, subject);
    this.queue = this.queue.then(() => this.run(job, work));
    return structuredClone(job);
  }

  /**
   * Starts an exclusive job now, or returns `{ running }` — the one already
   * running — without starting anything. Decided synchronously, so two
   * requests arriving together cannot both start one.
   */
  startExclusive(kind: JobKind, subject: JobView["subject"], work: (control: JobControl) => Promise<unknown>): { started: JobView } | { running: JobView } {
    if (this.exclusive) return { running: structuredClone(this.exclusive) };
    const job = this.create(kind, subject);
    this.exclusive = job;
    void this.run(job, work).finally(() => {
      if (this.exclusive === job) this.exclusive = null;
    });
    return { started: structuredClone(job) };
  }

  private create(kind: JobKind, subject: JobView["subject"]): JobView {
    const job: JobView = { id: randomUUID(), kind, state: "queued", progress: { stage: "queued" }, subject, createdAt: new Date().toISOString(), finishedAt: null, stageMs: {} };
    this.jobs.set(job.id, job);
    this.forgetOld();
    return job;
  }

  private async run(job: JobView, work: (control: JobControl) => Promise<unknown>): Promise<void> {
    job.state = "running";
    let stageStarted = performance.now();
    const enter = (progress: JobProgress) => {
      const now = performance.now();
      job.stageMs[job.progress.stage] = Math.round((job.stageMs[job.progress.stage] ?? 0) + now - stageStarted);
      stageStarted = now;
      job.progress = { ...progress };
    };
    job.progress = { stage: "starting" };
    try {
      job.report = await work({ id: job.id, progress: enter });
      job.state = "done";
      enter({ stage: "done" });
    } catch (error) {
      job.error = this.describeFailure(error);
      job.state = "failed";
      enter(job.progress);
    }
    delete job.stageMs.queued;
    job.finishedAt = new Date().toISOString();
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((job) => job.finishedAt !== null);
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED))) this.jobs.delete(job.id);
  }
}
