import type { ErrorRequestHandler } from "express";
import { z } from "zod";
import { AppError } from "../errors/app-errors.js";

/** The body of every error response, and of the stream's `error` event. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** The errors body-parser (inside express.json) raises, by their `type`. */
const bodyParserErrors: Record<string, { code: string; message: (error: Error) => string }> = {
  "entity.parse.failed": { code: "invalid_json", message: (error) => `body: malformed JSON (${error.message})` },
  "entity.too.large": { code: "payload_too_large", message: () => "body: larger than the 64 kb limit" },
  "encoding.unsupported": { code: "unsupported_encoding", message: (error) => `body: ${error.message}` },
  "charset.unsupported": { code: "unsupported_encoding", message: (error) => `body: ${error.message}` },
  "request.aborted": { code: "request_aborted", message: () => "body: the request was aborted" },
};

/**
 * What Express's own parts attach to the client errors they raise:
 * body-parser a `type` and a `status`, the router a `status` and `statusCode`
 * (400 on a path whose percent-escapes do not decode), http-errors `expose`.
 */
type ExpressError = Error & { type?: unknown; status?: unknown; statusCode?: unknown; expose?: unknown };

const clientStatusSchema = z.number().int().min(400).max(499);

/** The 4xx status an error carries in `status` or `statusCode`, if any. */
function clientStatus(error: ExpressError): number | undefined {
  for (const value of [error.status, error.statusCode]) {
    const parsed = clientStatusSchema.safeParse(value);
    if (parsed.success) return parsed.data;
  }
  return undefined;
}

/** A client error raised by Express itself (body, URL): the status it carries, never a 500. */
function expressClientError(error: ExpressError, status: number): { status: number; body: ErrorBody } {
  const known = typeof error.type === "string" ? bodyParserErrors[error.type] : undefined;
  if (known) return { status, body: { error: { code: known.code, message: known.message(error) } } };
  const code = status === 404 ? "not_found" : "invalid_request";
  const message = error instanceof URIError ? `malformed URL: ${error.message}` : error.expose === false ? `request rejected (${status})` : error.message;
  return { status, body: { error: { code, message } } };
}

/**
 * Maps any error to a status and a `{ error: { code, message } }` body. Known
 * errors keep their own message, and so do the 4xx errors Express raises
 * (malformed JSON, an undecodable URL). Anything else is a bug: it is logged
 * to stderr with its stack and the client gets a generic 500. That includes a
 * ZodError: request input is parsed by `parseInput` into a ValidationError,
 * so one reaching here is the server's own data (an index row, a manifest)
 * failing its schema.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  if (error instanceof Error) {
    const status = clientStatus(error as ExpressError);
    if (status !== undefined) return expressClientError(error, status);
  }
  console.error("unexpected error while serving a request:", error);
  return { status: 500, body: { error: { code: "internal_error", message: "internal server error" } } };
}

/** The one place errors become HTTP responses: never a stack trace, always JSON. */
export const errorHandler: ErrorRequestHandler = (error, _request, response, next) => {
  // Once a response has started (a stream), all that is left is to end it.
  if (response.headersSent) {
    next(error);
    return;
  }
  const { status, body } = toErrorResponse(error);
  if (status === 429 && error instanceof AppError && typeof error.details.retryAfterSeconds === "number") {
    response.set("Retry-After", String(error.details.retryAfterSeconds));
  }
  response.status(status).json(body);
};
