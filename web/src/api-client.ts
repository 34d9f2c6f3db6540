import { apiErrorFromResponse, toApiError } from "./api-error.js";
import {
  parseChatResponse,
  parseClauseResponse,
  parseDocumentClauses,
  parseDocumentList,
  parseHealth,
  parseUnitList,
  parseUnitMeasures,
  type ChatRequest,
  type ChatResponse,
  type Clause,
  type DocumentInfo,
  type Health,
  type UnitMeasures,
  type UnitSummary,
} from "./api-types.js";

/**
 * The JSON endpoints of the server. Every method either returns a validated
 * value or throws an ApiError worded for the user; nothing else escapes.
 * (The streaming chat lives in chat-stream.ts.)
 */
export class ApiClient {
  /** `baseUrl` is empty in the page (same origin); tests may point it elsewhere. */
  constructor(private readonly baseUrl = "") {}

  /** `GET /api/health`. */
  health(): Promise<Health> {
    return this.getJson("/api/health", parseHealth);
  }

  /** `GET /api/documents`. */
  documents(): Promise<DocumentInfo[]> {
    return this.getJson("/api/documents", parseDocumentList);
  }

  /** `GET /api/documents/:id/clauses`, in document order. */
  documentClauses(docId: string): Promise<{ document: DocumentInfo; clauses: Clause[] }> {
    return this.getJson(`/api/documents/${encodeURIComponent(docId)}/clauses`, parseDocumentClauses);
  }

  /** `GET /api/clauses/:id`. */
  clause(clauseId: string): Promise<Clause> {
    return this.getJson(`/api/clauses/${encodeURIComponent(clauseId)}`, parseClauseResponse);
  }

  /** `GET /api/units`: every responsible unit with its clause count. */
  units(): Promise<UnitSummary[]> {
    return this.getJson("/api/units", parseUnitList);
  }

  /** `GET /api/units?name=…`: one unit's measures grouped by document. */
  unitMeasures(name: string): Promise<UnitMeasures> {
    return this.getJson(`/api/units?name=${encodeURIComponent(name)}`, parseUnitMeasures);
  }

  /** `POST /api/chat`, the non-streaming answer. */
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResponse> {
    return this.send("/api/chat", { method: "POST", headers: jsonHeaders, body: JSON.stringify(request), signal }, parseChatResponse);
  }

  private getJson<T>(path: string, parse: (json: unknown) => T): Promise<T> {
    return this.send(path, { headers: { accept: "application/json" } }, parse);
  }

  private async send<T>(path: string, init: RequestInit, parse: (json: unknown) => T): Promise<T> {
    try {
      const response = await fetch(this.baseUrl + path, init);
      if (!response.ok) throw await apiErrorFromResponse(response);
      return parse(await response.json());
    } catch (error) {
      throw toApiError(error);
    }
  }
}

const jsonHeaders = { "content-type": "application/json", accept: "application/json" };
