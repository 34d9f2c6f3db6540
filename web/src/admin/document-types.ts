/**
 * The Documents API's responses (`/api/admin/documents`, `/api/admin/jobs/:id`)
 * and light validators for them, in the manner of ../api-types.ts.
 */
import { arrayAt, objectAt, ResponseShapeError, type Json } from "../api-types.js";

const text = (object: Json, key: string): string | null => (typeof object[key] === "string" ? (object[key] as string) : null);
const count = (object: Json, key: string): number | null => (typeof object[key] === "number" ? (object[key] as number) : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

/** One catalog document with its counts in the served index. */
export interface AdminDocument {
  id: string;
  title: string;
  region: string;
  year: number | null;
  file: string;
  format: string | null;
  indexed: boolean;
  clauses: number | null;
  measures: number | null;
}

export type JobState = "queued" | "running" | "done" | "failed";

/** A check, publish or remove job as it stands. */
export interface AdminJob {
  id: string;
  kind: "check" | "publish" | "remove";
  state: JobState;
  progress: { stage: string; done: number | null; total: number | null };
  report: unknown;
  error: { code: string; message: string } | null;
}

/** `GET /api/admin/documents`. */
export interface DocumentListing {
  documents: AdminDocument[];
  indexVersion: string | null;
  job: AdminJob | null;
}

/** The metadata an upload's check found or was given. */
export interface CheckedMetadata {
  id: string | null;
  title: string | null;
  region: string | null;
  year: number | null;
  issuer: string | null;
  docNumber: string | null;
  date: string | null;
}

/** The report of a check job: what `npm run ingest -- --check FILE` prints. */
export interface CheckReport {
  uploadId: string;
  file: string;
  format: string | null;
  metadata: CheckedMetadata;
  missing: ("title" | "region" | "year")[];
  replaces: { id: string; title: string } | null;
  clauses: number;
  units: { name: string; clauses: number }[];
  deadlines: string[];
  diagnostics: { measures: number; clausesWithUnits: number; roles: { lead: number; support: number; responsible: number }; measuresWithoutUnits: string[]; notUnderstood: string[] } | null;
  error: { line: number | null; reason: string } | null;
}

function parseDocument(value: unknown, where: string): AdminDocument {
  const object = objectAt(value, where);
  const id = text(object, "id");
  if (!id) throw new ResponseShapeError(`${where}.id`, "a string");
  return {
    id,
    title: text(object, "title") ?? id,
    region: text(object, "region") ?? "",
    year: count(object, "year"),
    file: text(object, "file") ?? "",
    format: text(object, "format"),
    indexed: object.indexed === true,
    clauses: count(object, "clauses"),
    measures: count(object, "measures"),
  };
}

const jobKinds: readonly string[] = ["check", "publish", "remove"];
const jobStates: readonly string[] = ["queued", "running", "done", "failed"];

/** Validates one job. */
export function parseJob(value: unknown, where = "job"): AdminJob {
  const object = objectAt(value, where);
  const id = text(object, "id");
  const kind = text(object, "kind");
  const state = text(object, "state");
  if (!id) throw new ResponseShapeError(`${where}.id`, "a string");
  if (!kind || !jobKinds.includes(kind)) throw new ResponseShapeError(`${where}.kind`, "check, publish or remove");
  if (!state || !jobStates.includes(state)) throw new ResponseShapeError(`${where}.state`, "queued, running, done or failed");
  const progress = objectAt(object.progress ?? {}, `${where}.progress`);
  const error = object.error === undefined ? null : objectAt(object.error, `${where}.error`);
  return {
    id,
    kind: kind as AdminJob["kind"],
    state: state as JobState,
    progress: { stage: text(progress, "stage") ?? "", done: count(progress, "done"), total: count(progress, "total") },
    report: object.report ?? null,
    error: error && { code: text(error, "code") ?? "", message: text(error, "message") ?? "" },
  };
}

/** Validates `GET /api/admin/documents`. */
export function parseDocumentListing(value: unknown): DocumentListing {
  const object = objectAt(value, "response");
  const index = object.index === null || object.index === undefined ? null : objectAt(object.index, "index");
  return {
    documents: arrayAt(object.documents, "documents").map((item, index) => parseDocument(item, `documents[${index}]`)),
    indexVersion: index && text(index, "version"),
    job: object.job === null || object.job === undefined ? null : parseJob(object.job),
  };
}

/** Validates a check job's report. */
export function parseCheckReport(value: unknown): CheckReport {
  const object = objectAt(value, "report");
  const upload = objectAt(object.upload, "report.upload");
  const metadata = objectAt(object.metadata, "report.metadata");
  const replaces = object.replaces ? objectAt(object.replaces, "report.replaces") : null;
  const diagnostics = object.diagnostics ? objectAt(object.diagnostics, "report.diagnostics") : null;
  const roles = diagnostics ? objectAt(diagnostics.roles, "report.diagnostics.roles") : {};
  const error = object.error ? objectAt(object.error, "report.error") : null;
  const uploadId = text(upload, "id");
  if (!uploadId) throw new ResponseShapeError("report.upload.id", "a string");
  return {
    uploadId,
    file: text(object, "file") ?? "",
    format: text(object, "format"),
    metadata: {
      id: text(metadata, "id"),
      title: text(metadata, "title"),
      region: text(metadata, "region"),
      year: count(metadata, "year"),
      issuer: text(metadata, "issuer"),
      docNumber: text(metadata, "docNumber"),
      date: text(metadata, "date"),
    },
    missing: texts(object.missing).filter((field): field is CheckReport["missing"][number] => field === "title" || field === "region" || field === "year"),
    replaces: replaces && { id: text(replaces, "id") ?? "", title: text(replaces, "title") ?? "" },
    clauses: count(object, "clauses") ?? 0,
    units: arrayAt(object.units ?? [], "report.units").map((item, index) => {
      const unit = objectAt(item, `report.units[${index}]`);
      return { name: text(unit, "name") ?? "", clauses: count(unit, "clauses") ?? 0 };
    }),
    deadlines: texts(object.deadlines),
    diagnostics: diagnostics && {
      measures: count(diagnostics, "measures") ?? 0,
      clausesWithUnits: count(diagnostics, "clausesWithUnits") ?? 0,
      roles: { lead: count(roles, "lead") ?? 0, support: count(roles, "support") ?? 0, responsible: count(roles, "responsible") ?? 0 },
      measuresWithoutUnits: texts(diagnostics.measuresWithoutUnits),
      notUnderstood: texts(diagnostics.notUnderstood),
    },
    error: error && { line: count(error, "line"), reason: text(error, "reason") ?? "" },
  };
}

/** What a finished publish or removal did, for the sentence after it. */
export interface JobOutcome {
  title: string;
  clauses: number | null;
  replaced: boolean;
  removed: boolean;
}

/** Reads a publish or removal job's report; missing parts read as empty. */
export function parseJobOutcome(report: unknown): JobOutcome {
  const object = typeof report === "object" && report !== null ? (report as Json) : {};
  const part = (key: string): Json | null => (typeof object[key] === "object" && object[key] !== null ? (object[key] as Json) : null);
  const document = part("document");
  const removed = part("removed");
  return { title: text(removed ?? document ?? {}, "title") ?? "", clauses: document && count(document, "clauses"), replaced: part("replaced") !== null, removed: removed !== null };
}
