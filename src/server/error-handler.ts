import type { ErrorRequestHandler, Response } from "express";
import { z } from "zod";
import { AppError } from "../errors/app-errors.js";
import type { Logger } from "../observability/logger.js";

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

/** An absolute file path of two or more segments, starting a word (not the middle of a URL or a fraction). */
const absolutePathPattern = /(?<![\w.:/~-])\/(?:[^\s/"'`()<>[\]{},;:]+\/)+[^\s/"'`()<>[\]{},;:]*/g;

/**
 * A message the server composed about itself (an index it cannot open, a
 * model it cannot load) may name a folder; the client learns what to run,
 * not where the server keeps its files.
 */
export function withoutServerPaths(message: string): string {
  return message.replace(absolutePathPattern, "<server folder>");
}

/**
 * Maps any error to a status and a `{ error: { code, message } }` body. Known
 * errors keep their own message (with any server path taken out of a 5xx's),
 * and so do the 4xx errors Express raises (malformed JSON, an undecodable
 * URL). Anything else is a bug: it is logged with its stack and the client
 * gets a generic 500. That includes a ZodError: request input is parsed by
 * `parseInput` into a ValidationError, so one reaching here is the server's
 * own data (an index row, a manifest) failing its schema.
 */
export function toErrorResponse(error: unknown, log: Pick<Logger, "error">): { status: number; body: ErrorBody } {
  if (error instanceof AppError) {
    const message = error.status >= 500 ? withoutServerPaths(error.message) : error.message;
    return { status: error.status, body: { error: { code: error.code, message } } };
  }
  if (error instanceof Error) {
    const status = clientStatus(error as ExpressError);
    if (status !== undefined) {
      const response = expressClientError(error, status);
      response.body.error.message = withoutServerPaths(response.body.error.message);
      return response;
    }
  }
  log.error({ err: error }, "unexpected error while serving a request");
  return { status: 500, body: { error: { code: "internal_error", message: "internal server error" } } };
}

/** The headers an error's status calls for: Retry-After on a 429, Allow on a 405. */
export function setErrorHeaders(response: Response, error: unknown): void {
  if (!(error instanceof AppError)) return;
  if (error.status === 429 && typeof error.details.retryAfterSeconds === "number") response.set("Retry-After", String(error.details.retryAfterSeconds));
  if (error.status === 405 && typeof error.details.allow === "string") response.set("Allow", error.details.allow);
}

/** The one place errors become HTTP responses: never a stack trace, always JSON; unexpected errors logged with the request id. */
export function errorHandler(fallbackLog: Logger): ErrorRequestHandler {
  return (error, _request, response, next) => {
    const log = response.locals.log ?? fallbackLog;
    // Once a response has started, all that is left is to cut it, so the client sees it incomplete.
    if (response.headersSent) {
      log.error({ err: error }, "error after the response had started");
      response.destroy();
      return;
    }
    const { status, body } = toErrorResponse(error, log);
    setErrorHeaders(response, error);
    response.status(status).json(body);
  };
}
