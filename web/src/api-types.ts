/**
 * The shapes the console receives from the server, and light validators for
 * them. The server is another team's code: a response that does not fit must
 * become an error sentence on screen, never an exception deep inside a view,
 * so every response passes through one of the `parse*` functions below.
 */

/** A clause cited by an answer, numbered by `ref` as in the answer's `[n]` markers. */
export interface Citation {
  ref: number;
  clauseId: string;
  docId: string;
  docTitle: string;
  region: string;
  /** Human path such as `二、（二）7`. */
  path: string;
  title: string | null;
  text: string;
  /** The text in Simplified characters when the document is written in Traditional ones. */
  textSimplified: string | null;
  /** Every unit as written, leads first; those neither lead nor support are responsible. */
  units: string[];
  leadUnits: string[];
  supportUnits: string[];
  deadline: string | null;
  /** The unit block as the document writes it. */
  unitText: string | null;
  score: number;
}

/** Which answering path produced an answer; unknown values are kept and shown as-is. */
export type AnswerMode = "extractive" | "llm" | (string & {});

/** A complete chat answer (the body of `POST /api/chat`, and the `done` event of the stream). */
export interface ChatResponse {
  /** The stored answer's id, for feedback; absent when the server could not store it. */
  id?: string;
  /** The conversation the server filed the answer in; sent back to continue it. */
  conversationId?: string;
  answer: string;
  /** The documents answer the question itself. */
  answerable: boolean;
  /** A near-domain reply: not answerable, but naming (and citing) related measures after saying what the documents do not set. */
  related: boolean;
  citations: Citation[];
  mode: AnswerMode;
  timings: { retrievalMs: number; totalMs: number };
}

/** One prior turn sent back to the server so follow-up questions keep their context. */
export interface HistoryMessage {
  role: "user" | "assistant";
  content: string;
}

/** Restricts retrieval to some documents or regions; omitted lists mean "all". */
export interface ChatFilters {
  docIds?: string[];
  regions?: string[];
}

/** The body of `POST /api/chat` and `POST /api/chat/stream`. */
export interface ChatRequest {
  question: string;
  history?: HistoryMessage[];
  filters?: ChatFilters;
  topK?: number;
  /** Continues a stored conversation. */
  conversationId?: string;
}

/** A policy document as listed by `GET /api/documents`. */
export interface DocumentInfo {
  id: string;
  title: string;
  shortName: string;
  region: string;
  issuer: string;
  docNumber: string | null;
  date: string;
  year: number;
  clauseCount: number;
  clausesWithUnits: number;
}

/** One clause of a document, as the clause, document and unit endpoints return it. */
export interface Clause {
  clauseId: string;
  docId: string;
  docTitle: string;
  docShortName: string;
  region: string;
  kind: string;
  ordinal: number;
  path: string;
  /** Outermost first: part, section, measure. */
  headings: string[];
  title: string | null;
  text: string;
  /** The text in Simplified characters when the document is written in Traditional ones. */
  textSimplified: string | null;
  /** Every unit as written, leads first; those neither lead nor support are responsible. */
  units: string[];
  leadUnits: string[];
  supportUnits: string[];
  deadline: string | null;
  /** The unit block as the document writes it. */
  unitText: string | null;
}

/** A responsible unit and how many clauses name it. */
export interface UnitSummary {
  name: string;
  clauseCount: number;
}

/** The measures of one unit inside one document. */
export interface UnitGroup {
  docId: string;
  docTitle: string;
  docShortName: string;
  clauses: Clause[];
}

/** `GET /api/units?name=…`. */
export interface UnitMeasures {
  name: string;
  groups: UnitGroup[];
}

/** `GET /api/health`. */
export interface Health {
  ready: boolean;
  clauses: number;
  embedder: string;
  mode: AnswerMode;
}

/** A response did not have the shape this console expects; `where` names the field. */
export class ResponseShapeError extends Error {
  readonly where: string;
  constructor(where: string, expected: string) {
    super(`unexpected response: ${where} should be ${expected}`);
    this.name = "ResponseShapeError";
    this.where = where;
  }
}

/** A JSON object as the validators read it. */
export type Json = Record<string, unknown>;

/** The value as an object, or a ResponseShapeError naming `where`. */
export function objectAt(value: unknown, where: string): Json {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ResponseShapeError(where, "an object");
  return value as Json;
}

/** The value as an array, or a ResponseShapeError naming `where`. */
export function arrayAt(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new ResponseShapeError(where, "an array");
  return value;
}

function stringAt(object: Json, key: string, where: string): string {
  const value = object[key];
  if (typeof value !== "string") throw new ResponseShapeError(`${where}.${key}`, "a string");
  return value;
}

function numberAt(object: Json, key: string, where: string): number {
  const value = object[key];
  if (typeof value !== "number" || !Number.isFinite(value)) throw new ResponseShapeError(`${where}.${key}`, "a number");
  return value;
}

// The fields below are secondary (shown, but nothing depends on them), so a
// missing one falls back to a neutral value rather than failing the answer.
function optionalString(object: Json, key: string): string {
  const value = object[key];
  return typeof value === "string" ? value : "";
}

function nullableString(object: Json, key: string): string | null {
  const value = object[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}

function optionalNumber(object: Json, key: string): number {
  const value = object[key];
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function stringList(object: Json, key: string): string[] {
  const value = object[key];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** Validates one citation. */
export function parseCitation(value: unknown, where = "citation"): Citation {
  const object = objectAt(value, where);
  return {
    ref: numberAt(object, "ref", where),
    clauseId: stringAt(object, "clauseId", where),
    docId: stringAt(object, "docId", where),
    docTitle: optionalString(object, "docTitle"),
    region: optionalString(object, "region"),
    path: optionalString(object, "path"),
    title: nullableString(object, "title"),
    text: stringAt(object, "text", where),
    textSimplified: nullableString(object, "textSimplified"),
    units: stringList(object, "units"),
    leadUnits: stringList(object, "leadUnits"),
    supportUnits: stringList(object, "supportUnits"),
    deadline: nullableString(object, "deadline"),
    unitText: nullableString(object, "unitText"),
    score: optionalNumber(object, "score"),
  };
}

/** Validates a list of citations (the stream's `citations` event carries `{ citations }`). */
export function parseCitationList(value: unknown, where = "citations"): Citation[] {
  return arrayAt(value, where).map((item, index) => parseCitation(item, `${where}[${index}]`));
}

/** Validates a whole chat answer. */
export function parseChatResponse(value: unknown): ChatResponse {
  const object = objectAt(value, "response");
  const answerable = object.answerable;
  if (typeof answerable !== "boolean") throw new ResponseShapeError("response.answerable", "a boolean");
  const timings = typeof object.timings === "object" && object.timings !== null ? (object.timings as Json) : {};
  const id = optionalString(object, "id");
  const conversationId = optionalString(object, "conversationId");
  return {
    ...(id ? { id } : {}),
    ...(conversationId ? { conversationId } : {}),
    answer: stringAt(object, "answer", "response"),
    answerable,
    // Older servers send no `related`: a reply is then either an answer or a refusal.
    related: object.related === true,
    citations: object.citations === undefined ? [] : parseCitationList(object.citations, "response.citations"),
    mode: optionalString(object, "mode") || "extractive",
    timings: { retrievalMs: optionalNumber(timings, "retrievalMs"), totalMs: optionalNumber(timings, "totalMs") },
  };
}

/** Validates one document's description. */
export function parseDocumentInfo(value: unknown, where = "document"): DocumentInfo {
  const object = objectAt(value, where);
  const title = stringAt(object, "title", where);
  return {
    id: stringAt(object, "id", where),
    title,
    shortName: optionalString(object, "shortName") || title,
    region: optionalString(object, "region"),
    issuer: optionalString(object, "issuer"),
    docNumber: nullableString(object, "docNumber"),
    date: optionalString(object, "date"),
    year: optionalNumber(object, "year"),
    clauseCount: optionalNumber(object, "clauseCount"),
    clausesWithUnits: optionalNumber(object, "clausesWithUnits"),
  };
}

/** Validates `GET /api/documents`. */
export function parseDocumentList(value: unknown): DocumentInfo[] {
  const object = objectAt(value, "response");
  return arrayAt(object.documents, "response.documents").map((item, index) => parseDocumentInfo(item, `documents[${index}]`));
}

/** Validates one clause. */
export function parseClause(value: unknown, where = "clause"): Clause {
  const object = objectAt(value, where);
  return {
    clauseId: stringAt(object, "clauseId", where),
    docId: stringAt(object, "docId", where),
    docTitle: optionalString(object, "docTitle"),
    docShortName: optionalString(object, "docShortName"),
    region: optionalString(object, "region"),
    kind: optionalString(object, "kind") || "measure",
    ordinal: optionalNumber(object, "ordinal"),
    path: optionalString(object, "path"),
    headings: stringList(object, "headings"),
    title: nullableString(object, "title"),
    text: stringAt(object, "text", where),
    textSimplified: nullableString(object, "textSimplified"),
    units: stringList(object, "units"),
    leadUnits: stringList(object, "leadUnits"),
    supportUnits: stringList(object, "supportUnits"),
    deadline: nullableString(object, "deadline"),
    unitText: nullableString(object, "unitText"),
  };
}

function parseClauseList(value: unknown, where: string): Clause[] {
  return arrayAt(value, where).map((item, index) => parseClause(item, `${where}[${index}]`));
}

/** Validates `GET /api/documents/:id/clauses`. */
export function parseDocumentClauses(value: unknown): { document: DocumentInfo; clauses: Clause[] } {
  const object = objectAt(value, "response");
  return { document: parseDocumentInfo(object.document), clauses: parseClauseList(object.clauses, "clauses") };
}

/** Validates `GET /api/clauses/:id`. */
export function parseClauseResponse(value: unknown): Clause {
  return parseClause(objectAt(value, "response").clause);
}

/** Validates `GET /api/units`. */
export function parseUnitList(value: unknown): UnitSummary[] {
  const object = objectAt(value, "response");
  return arrayAt(object.units, "units").map((item, index) => {
    const unit = objectAt(item, `units[${index}]`);
    return { name: stringAt(unit, "name", `units[${index}]`), clauseCount: optionalNumber(unit, "clauseCount") };
  });
}

/** Validates `GET /api/units?name=…`. */
export function parseUnitMeasures(value: unknown): UnitMeasures {
  const object = objectAt(value, "response");
  return {
    name: stringAt(object, "name", "response"),
    groups: arrayAt(object.groups, "groups").map((item, index) => {
      const where = `groups[${index}]`;
      const group = objectAt(item, where);
      return {
        docId: stringAt(group, "docId", where),
        docTitle: optionalString(group, "docTitle"),
        docShortName: optionalString(group, "docShortName"),
        clauses: parseClauseList(group.clauses, `${where}.clauses`),
      };
    }),
  };
}

/** Validates `GET /api/health`. */
export function parseHealth(value: unknown): Health {
  const object = objectAt(value, "response");
  return {
    ready: object.ready === true,
    clauses: optionalNumber(object, "clauses"),
    embedder: optionalString(object, "embedder"),
    mode: optionalString(object, "mode") || "extractive",
  };
}

/** A rating of one answer. */
export type Rating = "up" | "down";

/** One stored turn of a conversation (`GET /api/conversations/:id`). */
export interface StoredTurn {
  answerId: string;
  /** Null when the server does not store question text. */
  question: string | null;
  answer: string | null;
  answerable: boolean;
  /** A near-domain reply (see ChatResponse.related). */
  related: boolean;
  citations: Citation[];
  mode: AnswerMode;
  latencyMs: number;
  createdAt: string;
  rating: Rating | null;
}

/** A stored conversation as the list shows it. */
export interface ConversationSummary {
  id: string;
  title: string | null;
  answers: number;
  updatedAt: string;
}

function ratingAt(object: Json): Rating | null {
  return object.rating === "up" || object.rating === "down" ? object.rating : null;
}

function parseConversationSummary(value: unknown, where: string): ConversationSummary {
  const object = objectAt(value, where);
  return { id: stringAt(object, "id", where), title: nullableString(object, "title"), answers: optionalNumber(object, "answers"), updatedAt: optionalString(object, "updatedAt") };
}

/** Validates `GET /api/conversations`. */
export function parseConversationList(value: unknown): ConversationSummary[] {
  const object = objectAt(value, "response");
  return arrayAt(object.conversations, "conversations").map((item, index) => parseConversationSummary(item, `conversations[${index}]`));
}

/** Validates `GET /api/conversations/:id`. */
export function parseConversation(value: unknown): { conversation: ConversationSummary; turns: StoredTurn[] } {
  const object = objectAt(value, "response");
  const turns = arrayAt(object.turns, "turns").map((item, index) => {
    const where = `turns[${index}]`;
    const turn = objectAt(item, where);
    if (typeof turn.answerable !== "boolean") throw new ResponseShapeError(`${where}.answerable`, "a boolean");
    return {
      answerId: stringAt(turn, "answerId", where),
      question: nullableString(turn, "question"),
      answer: nullableString(turn, "answer"),
      answerable: turn.answerable,
      related: turn.related === true,
      citations: turn.citations === undefined ? [] : parseCitationList(turn.citations, `${where}.citations`),
      mode: optionalString(turn, "mode") || "extractive",
      latencyMs: optionalNumber(turn, "latencyMs"),
      createdAt: optionalString(turn, "createdAt"),
      rating: ratingAt(turn),
    };
  });
  return { conversation: parseConversationSummary(object.conversation, "conversation"), turns };
}
