/**
 * The project's error hierarchy. Each error carries a machine-readable `code`
 * and an HTTP status; the one Express error handler maps them to responses,
 * and the CLIs print `message` and exit non-zero.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown>;

  constructor(code: string, status: number, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.status = status;
    this.details = details;
  }
}

/** The request is malformed: names the field and what is wrong with it. */
export class ValidationError extends AppError {
  constructor(message: string, details: { field?: string } & Record<string, unknown> = {}) {
    super("invalid_request", 400, message, details);
  }
}

/** A thing the client asked for by id does not exist. */
export class NotFoundError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("not_found", 404, message, details);
  }
}

/** The index has not been built yet (or cannot be opened): says what to run. */
export class IndexNotReadyError extends AppError {
  constructor(message = "the index is not built yet: run `npm run ingest`", details: Record<string, unknown> = {}) {
    super("index_not_ready", 503, message, details);
  }
}

/** The seed documents or catalog are wrong: names the file and, where known, the line. */
export class CorpusError extends AppError {
  constructor(message: string, details: { file?: string; line?: number } & Record<string, unknown> = {}) {
    const where = details.file ? `${details.file}${details.line ? `:${details.line}` : ""}: ` : "";
    super("corpus_invalid", 500, `${where}${message}`, details);
  }
}

/** The embedding model could not be fetched, verified or loaded. */
export class ModelError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("model_unavailable", 503, message, details);
  }
}

/** Another ingest holds the writer lock. */
export class IngestLockedError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("ingest_locked", 409, message, details);
  }
}

/** An upstream model server failed or answered something unusable. */
export class UpstreamError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("upstream_failed", 502, message, details);
  }
}

/** The request needs an API key, or carried one that is not valid. */
export class UnauthorizedError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("unauthorized", 401, message, details);
  }
}

/** The API key is valid but its role may not do this. */
export class ForbiddenError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super("forbidden", 403, message, details);
  }
}

/** The path exists but not with this method: the response lists the methods in an Allow header. */
export class MethodNotAllowedError extends AppError {
  constructor(method: string, path: string, allow: readonly string[]) {
    super("method_not_allowed", 405, `${method} is not allowed on ${path} (allowed: ${allow.join(", ")})`, { allow: allow.join(", ") });
  }
}

/** A client sent more requests than its limit: says when to try again (also in Retry-After). */
export class RateLimitedError extends AppError {
  constructor(limit: number, windowMs: number, retryAfterSeconds: number) {
    const window = windowMs % 60_000 === 0 ? `${windowMs / 60_000} min` : `${Math.round(windowMs / 1000)} s`;
    super(
      "rate_limited",
      429,
      `请求过于频繁，请 ${retryAfterSeconds} 秒后再试。Too many requests: at most ${limit} per ${window}; retry in ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}
