import { apiErrorFromResponse, toApiError } from "../api-error.js";
import { parseGapReport, parseQuestionItem, parseQuestionPage, type GapReport, type QuestionItem } from "./admin-types.js";
import { parseDocumentListing, parseJob, type AdminJob, type DocumentListing } from "./document-types.js";

/** The metadata an admin may give with an upload or when publishing it. */
export type DocumentFields = Partial<Record<"id" | "title" | "region" | "year", string>>;

function jobIdOf(json: unknown): { jobId: string; uploadId: string | null } {
  const object = typeof json === "object" && json !== null ? (json as Record<string, unknown>) : {};
  if (typeof object.jobId !== "string") throw toApiError(new SyntaxError("the response names no job"));
  return { jobId: object.jobId, uploadId: typeof object.uploadId === "string" ? object.uploadId : null };
}

/** Query parameters of the question log and the export (`refused`, `rating`, `docId`, `from`, `to`, `mode`). */
export type QuestionQuery = Record<string, string>;

/** The admin API, with the admin key on every call; failures are ApiErrors worded for the user. */
export class AdminApi {
  constructor(
    private readonly key: string,
    private readonly baseUrl = "",
  ) {}

  /** `GET /api/admin/questions`, a page at a time. */
  questions(query: QuestionQuery, after?: string): Promise<{ items: QuestionItem[]; next: string | null }> {
    return this.getJson(`/api/admin/questions?${new URLSearchParams({ ...query, ...(after ? { after } : {}) })}`, parseQuestionPage);
  }

  /** `GET /api/admin/questions/:id`. */
  question(answerId: string): Promise<QuestionItem> {
    return this.getJson(`/api/admin/questions/${encodeURIComponent(answerId)}`, (json) => parseQuestionItem((json as { item?: unknown } | null)?.item));
  }

  /** `GET /api/admin/gaps`. */
  gaps(query: QuestionQuery): Promise<GapReport> {
    return this.getJson(`/api/admin/gaps?${new URLSearchParams(query)}`, parseGapReport);
  }

  /** `GET /api/admin/export`: the file, and the name the server gave it. */
  async export(query: QuestionQuery, format: "csv" | "jsonl"): Promise<{ blob: Blob; fileName: string }> {
    const response = await this.fetch(`/api/admin/export?${new URLSearchParams({ ...query, format })}`);
    const fileName = /filename="?([^";]+)"?/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `qiwen-questions.${format}`;
    return { blob: await response.blob(), fileName };
  }

  /** `GET /api/admin/documents`: the catalog with the served counts, and the job running now. */
  documents(): Promise<DocumentListing> {
    return this.getJson("/api/admin/documents", parseDocumentListing);
  }

  /** `POST /api/admin/documents` (multipart): stages the plan and starts its check. */
  uploadDocument(file: File, fields: DocumentFields): Promise<{ jobId: string; uploadId: string | null }> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) if (value) form.append(name, value);
    form.append("file", file, file.name);
    return this.getJson("/api/admin/documents", jobIdOf, { method: "POST", body: form });
  }

  /** `POST /api/admin/uploads/:id/publish`: adds (or replaces) the document and re-indexes, as a job. */
  publish(uploadId: string, fields: DocumentFields): Promise<{ jobId: string }> {
    const body = JSON.stringify({ ...fields, ...(fields.year ? { year: Number(fields.year) } : {}) });
    return this.getJson(`/api/admin/uploads/${encodeURIComponent(uploadId)}/publish`, jobIdOf, { method: "POST", body, headers: { "content-type": "application/json" } });
  }

  /** `DELETE /api/admin/documents/:id`: removes the document and re-indexes, as a job. */
  removeDocument(docId: string): Promise<{ jobId: string }> {
    return this.getJson(`/api/admin/documents/${encodeURIComponent(docId)}`, jobIdOf, { method: "DELETE" });
  }

  /** `GET /api/admin/jobs/:id`. */
  job(jobId: string): Promise<AdminJob> {
    return this.getJson(`/api/admin/jobs/${encodeURIComponent(jobId)}`, (json) => parseJob(json));
  }

  private async getJson<T>(path: string, parse: (json: unknown) => T, init: RequestInit = {}): Promise<T> {
    const response = await this.fetch(path, init);
    try {
      return parse(await response.json());
    } catch (error) {
      throw toApiError(error);
    }
  }

  private async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    try {
      const headers = { accept: "application/json", authorization: `Bearer ${this.key}`, ...(init.headers as Record<string, string> | undefined) };
      const response = await fetch(this.baseUrl + path, { ...init, headers });
      if (!response.ok) throw await apiErrorFromResponse(response);
      return response;
    } catch (error) {
      throw toApiError(error);
    }
  }
}
