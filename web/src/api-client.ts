import { apiErrorFromResponse, toApiError } from "./api-error.js";
import {
  parseChatResponse,
  parseConversation,
  parseConversationList,
  parseClauseResponse,
  parseDocumentClauses,
  parseDocumentList,
  parseHealth,
  parseUnitList,
  parseUnitMeasures,
  type ChatRequest,
  type ChatResponse,
  type Clause,
  type ConversationSummary,
  type Rating,
  type StoredTurn,
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
  /**
   * `baseUrl` is empty in the page (same origin); tests may point it elsewhere.
   * `callerHeaders` identify the console (client id, agent key) on the chat, conversation and feedback routes.
   */
  constructor(
    private readonly baseUrl = "",
    private readonly callerHeaders: () => Record<string, string> = () => ({}),
  ) {}

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
    return this.send("/api/chat", { method: "POST", headers: { ...jsonHeaders, ...this.callerHeaders() }, body: JSON.stringify(request), signal }, parseChatResponse);
  }

  /** `GET /api/conversations`: this browser's (or this key's) conversations, most recent first. */
  conversations(): Promise<ConversationSummary[]> {
    return this.getJson("/api/conversations", parseConversationList, this.callerHeaders());
  }

  /** `GET /api/conversations/:id`: one conversation's turns. */
  conversation(id: string): Promise<{ conversation: ConversationSummary; turns: StoredTurn[] }> {
    return this.getJson(`/api/conversations/${encodeURIComponent(id)}`, parseConversation, this.callerHeaders());
  }

  /** `POST /api/feedback`: rates an answer (a later rating replaces it). */
  feedback(answerId: string, rating: Rating, reason?: string, comment?: string): Promise<void> {
    const body = JSON.stringify({ answerId, rating, ...(reason ? { reason } : {}), ...(comment ? { comment } : {}) });
    return this.send("/api/feedback", { method: "POST", headers: { ...jsonHeaders, ...this.callerHeaders() }, body }, () => undefined);
  }

  private getJson<T>(path: string, parse: (json: unknown) => T, headers: Record<string, string> = {}): Promise<T> {
    return this.send(path, { headers: { accept: "application/json", ...headers } }, parse);
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
