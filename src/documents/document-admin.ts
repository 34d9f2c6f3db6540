import path from "node:path";
import { addDocument, planAddition } from "../../ingest/catalog/add-document.js";
import { checkDocument } from "../../ingest/catalog/check-document.js";
import { removeDocument } from "../../ingest/catalog/remove-document.js";
import { countMeasures } from "../../ingest/parse-document.js";
import { formatOf } from "../../ingest/read/read-document-file.js";
import type { IngestProgress, IngestReport } from "../../ingest/run-ingest.js";
import { buildIndex } from "../cli/build-index.js";
import { loadCatalog, type CatalogEntry } from "../corpus/catalog.js";
import { AppError, CorpusError, NotFoundError } from "../errors/app-errors.js";
import type { Logger } from "../observability/logger.js";
import { withoutServerPaths } from "../server/error-handler.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import type { OpenIndex } from "../store/index-handle.js";
import { CatalogBackup } from "./catalog-backup.js";
import { toCheckReport, type CheckReport } from "./check-report.js";
import { mergeMetadata, type DocumentMetadata } from "./document-metadata.js";
import { JobRegistry, type JobControl, type JobView } from "./job-registry.js";
import { UploadStaging, type StagedUpload } from "./upload-staging.js";

/** One catalog document as the Documents tab lists it, with its counts in the served index. */
export interface ListedDocument {
  id: string;
  title: string;
  shortName: string;
  region: string;
  year: number;
  date: string;
  issuer: string;
  docNumber: string | null;
  file: string;
  format: string | null;
  /** Whether the served index holds it (a document that failed to parse is listed but not indexed). */
  indexed: boolean;
  clauses: number | null;
  clausesWithUnits: number | null;
  measures: number | null;
}

/** `GET /api/admin/documents`. */
export interface DocumentListing {
  documents: ListedDocument[];
  index: { version: string; builtAt: string; clauseCount: number } | null;
  /** The publish or removal running now, so a reloaded page can follow it. */
  job: JobView | null;
}

/** An ingest run by a job, as its report shows it. */
function ingestSummary(report: IngestReport, scrub: (text: string) => string) {
  return {
    documents: report.documents.length,
    totalClauses: report.totalClauses,
    unchanged: report.unchanged,
    ms: report.ms,
    failed: report.failed.map((failure) => ({ ...failure, file: scrub(failure.file), reason: scrub(failure.reason) })),
  };
}

/** How long to wait for the server to open an index the job published (the checks of a new version take a moment). */
const SWITCH_ATTEMPTS = 50;
const SWITCH_RETRY_MS = 100;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The Documents tab's work, on this server's seeds and index: list the
 * catalog with the served counts; stage an upload and check it; publish one
 * (addDocument, then the same ingest as `npm run ingest -- --add`, under the
 * same writer lease); remove one. Publishing and removing are jobs, one at a
 * time; whichever fails puts the catalog and seed files back and leaves (or
 * puts back) the index that was served. The server switches to a published
 * index before the job says done.
 */
export class DocumentAdmin {
  readonly jobs: JobRegistry;
  readonly uploads: UploadStaging;
  private measuresByVersion: { version: string; counts: Map<string, number> } | null = null;
  private readonly seedsDir: string;
  private readonly stagedPath: RegExp;

  constructor(
    private readonly services: Pick<QiwenServices, "config" | "embedder" | "index">,
    private readonly log: Pick<Logger, "info" | "error">,
  ) {
    this.seedsDir = services.config.seedsDir;
    this.uploads = new UploadStaging(services.config.uploads.dir);
    this.stagedPath = new RegExp(`${escapeRegExp(services.config.uploads.dir + path.sep)}[0-9a-f-]{36}${escapeRegExp(path.sep)}`, "g");
    this.jobs = new JobRegistry((error) => this.describeFailure(error));
  }

  /** A message about the seeds or an upload without the server's folders: `seeds/x.txt`, the upload's own name. */
  scrub(text: string): string {
    return withoutServerPaths(text.replace(this.stagedPath, "").replaceAll(this.seedsDir + path.sep, "seeds/"));
  }

  /** The catalog's documents with what the served index holds of each. */
  async list(): Promise<DocumentListing> {
    const catalog = await loadCatalog(this.seedsDir);
    const open = await this.services.index.current().catch(() => null);
    const measures = open ? await this.measureCounts(open) : new Map<string, number>();
    const documents = catalog.documents.map((entry): ListedDocument => {
      const indexed = open?.manifest.documents.find((document) => document.id === entry.id);
      return {
        id: entry.id,
        title: entry.title,
        shortName: entry.shortName,
        region: entry.region,
        year: entry.year,
        date: entry.date,
        issuer: entry.issuer,
        docNumber: entry.docNumber,
        file: entry.file,
        format: formatOf(entry.file),
        indexed: indexed !== undefined,
        clauses: indexed?.clauseCount ?? null,
        clausesWithUnits: indexed?.clausesWithUnits ?? null,
        measures: indexed ? (measures.get(entry.id) ?? 0) : null,
      };
    });
    const index = open && { version: open.manifest.version, builtAt: open.manifest.builtAt, clauseCount: open.manifest.clauseCount };
    return { documents, index, job: this.jobs.runningExclusive() };
  }

  /** Stages an upload and queues its check (the `ingest --check FILE` of the command line). */
  async upload(name: string, bytes: Uint8Array, metadata: DocumentMetadata): Promise<{ upload: StagedUpload; job: JobView }> {
    const upload = await this.uploads.stage(name, bytes, metadata);
    const job = this.jobs.enqueue("check", { uploadId: upload.id }, async (control) => {
      control.progress({ stage: "check" });
      return this.check(upload);
    });
    this.log.info({ uploadId: upload.id, jobId: job.id, format: upload.format, bytes: upload.size }, "documents: upload staged, check queued");
    return { upload, job };
  }

  /**
   * Starts publishing an upload (metadata given here wins over the upload's),
   * or returns the publish or removal already running. An unknown upload is a 404.
   */
  publish(uploadId: string, overrides: DocumentMetadata): { started: JobView } | { running: JobView } {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new NotFoundError(`no upload ${uploadId}: it was published already, or the server restarted since; upload the plan again`);
    const metadata = mergeMetadata(upload.metadata, overrides);
    const result = this.jobs.startExclusive("publish", { uploadId, ...(metadata.id ? { docId: metadata.id } : {}) }, (control) => this.publishWork(upload, metadata, control));
    if ("started" in result) this.log.info({ uploadId, jobId: result.started.id }, "documents: publish started");
    return result;
  }

  /** Starts removing a catalog document, or returns the job already running. An unknown id is a 404. */
  async remove(docId: string): Promise<{ started: JobView } | { running: JobView }> {
    const catalog = await loadCatalog(this.seedsDir);
    const entry = catalog.documents.find((document) => document.id === docId);
    if (!entry) throw new NotFoundError(`no document "${docId}" in the catalog; it has ${catalog.documents.map((document) => document.id).join(", ")}`);
    const result = this.jobs.startExclusive("remove", { docId }, (control) => this.removeWork(entry, control));
    if ("started" in result) this.log.info({ docId, jobId: result.started.id }, "documents: removal started");
    return result;
  }

  private async check(upload: StagedUpload): Promise<CheckReport> {
    const check = await checkDocument(upload.file, { seedsDir: this.seedsDir, overrides: upload.metadata });
    const catalog = await loadCatalog(this.seedsDir).catch(() => null);
    const replaces = (upload.metadata.id && catalog?.documents.find((document) => document.id === upload.metadata.id)) || null;
    return toCheckReport(check, upload, replaces, (text) => this.scrub(text));
  }

  private async publishWork(upload: StagedUpload, metadata: DocumentMetadata, control: JobControl) {
    control.progress({ stage: "catalog" });
    const request = { file: upload.file, ...metadata };
    // Worked out (and parsed) before anything is written: a plan that does not parse, or lacks a title, changes nothing.
    const plan = await planAddition(this.seedsDir, request);
    const backup = await CatalogBackup.take(this.seedsDir, [plan.entry.file, plan.replaces?.file]);
    const before = await this.servedVersion();
    try {
      await addDocument(this.seedsDir, request);
      const report = await this.ingest(control);
      const indexed = report.documents.find((document) => document.id === plan.entry.id);
      if (!indexed) {
        const failure = report.failed.find((candidate) => candidate.id === plan.entry.id);
        throw new CorpusError(`${plan.entry.id} was not indexed: ${failure ? this.scrub(failure.reason) : "the ingest skipped it"}`);
      }
      await this.uploads.discard(upload.id);
      const { entry } = plan;
      return {
        document: { id: entry.id, title: entry.title, region: entry.region, year: entry.year, file: entry.file, clauses: indexed.clauses, clausesWithUnits: indexed.clausesWithUnits },
        replaced: plan.replaces && { id: plan.replaces.id, title: plan.replaces.title },
        ingest: ingestSummary(report, (text) => this.scrub(text)),
        index: this.servedIndex(),
      };
    } catch (error) {
      await this.rollBack(backup, before, control, error);
      throw error;
    }
  }

  private async removeWork(entry: CatalogEntry, control: JobControl) {
    control.progress({ stage: "catalog" });
    const backup = await CatalogBackup.take(this.seedsDir, [entry.file]);
    const before = await this.servedVersion();
    try {
      const removed = await removeDocument(this.seedsDir, entry.id);
      const report = await this.ingest(control);
      return { removed: { id: removed.id, title: removed.title, file: removed.file }, ingest: ingestSummary(report, (text) => this.scrub(text)), index: this.servedIndex() };
    } catch (error) {
      await this.rollBack(backup, before, control, error);
      throw error;
    }
  }

  /** The ingest the command line runs (seeds → index at INDEX_URI, under the writer lease), then the server switched to it. */
  private async ingest(control: JobControl): Promise<IngestReport> {
    control.progress({ stage: "parse" });
    const report = await buildIndex(this.services.config, {
      embedder: this.services.embedder,
      onProgress: (progress: IngestProgress) => control.progress({ stage: progress.stage, done: progress.done, total: progress.total }),
    });
    await this.serveNewest(control);
    return report;
  }

  /** Waits until this server serves the published manifest; throws why it refused it (it failed its check). */
  private async serveNewest(control: JobControl): Promise<void> {
    control.progress({ stage: "switch" });
    const { index } = this.services;
    const published = await index.storage.registry.current();
    if (!published) return;
    for (let attempt = 0; attempt < SWITCH_ATTEMPTS; attempt++) {
      // A refresh the watcher started before the manifest was written may be the one awaited here: so ask again.
      await index.refresh();
      const status = index.status();
      if (status.version === published.version) return;
      if (status.problem && status.version !== null) throw new CorpusError(`the new index was written but this server refused it: ${this.scrub(status.problem)}`);
      await new Promise((resolve) => setTimeout(resolve, SWITCH_RETRY_MS));
    }
    throw new CorpusError(`the new index (version ${published.version}) was written but this server has not opened it yet: see /api/health`);
  }

  /** Puts the catalog back and, if the failed job had already published an index, publishes one of the old catalog again. */
  private async rollBack(backup: CatalogBackup, before: string | null, control: JobControl, cause: unknown): Promise<void> {
    control.progress({ stage: "restore" });
    try {
      await backup.restore();
      if ((await this.servedVersion()) !== before) await this.ingest(control);
      this.log.info({ jobId: control.id, cause: this.describeFailure(cause).message }, "documents: job failed, catalog restored");
    } catch (error) {
      this.log.error({ err: error, jobId: control.id }, "documents: restoring the catalog after a failed job failed too");
    }
  }

  private async servedVersion(): Promise<string | null> {
    return (await this.services.index.storage.registry.current())?.version ?? null;
  }

  private servedIndex() {
    const status = this.services.index.status();
    return { version: status.version, clauseCount: status.clauseCount };
  }

  /** Measures per document of the served index, counted once per version. */
  private async measureCounts(open: OpenIndex): Promise<Map<string, number>> {
    if (this.measuresByVersion?.version !== open.manifest.version) {
      const clauses = await open.store.listClauses();
      const counts = new Map<string, number>();
      for (const document of open.manifest.documents) counts.set(document.id, countMeasures(clauses.filter((clause) => clause.docId === document.id)));
      this.measuresByVersion = { version: open.manifest.version, counts };
    }
    return this.measuresByVersion.counts;
  }

  private describeFailure(error: unknown): { code: string; message: string } {
    if (error instanceof AppError) return { code: error.code, message: this.scrub(error.message) };
    this.log.error({ err: error }, "documents: a job failed unexpectedly");
    const message = error instanceof Error ? error.message.split("\n")[0]! : String(error);
    return { code: "internal_error", message: this.scrub(`unexpected error: ${message}`) };
  }
}
