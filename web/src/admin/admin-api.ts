import { apiErrorFromResponse, toApiError } from "../api-error.js";
import { parseGapReport, parseQuestionItem, parseQuestionPage, type GapReport, type QuestionItem } from "./admin-types.js";

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

  private async getJson<T>(path: string, parse: (json: unknown) => T): Promise<T> {
    const response = await this.fetch(path);
    try {
      return parse(await response.json());
    } catch (error) {
      throw toApiError(error);
    }
  }

  private async fetch(path: string): Promise<Response> {
    try {
      const response = await fetch(this.baseUrl + path, { headers: { accept: "application/json", authorization: `Bearer ${this.key}` } });
      if (!response.ok) throw await apiErrorFromResponse(response);
      return response;
    } catch (error) {
      throw toApiError(error);
    }
  }
}
