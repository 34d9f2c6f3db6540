import type { ErrorRequestHandler } from "express";
import { z } from "zod";
import { AppError } from "../errors/app-errors.js";
import { describeIssue } from "./parse-request.js";

/** The body of every error response, and of the stream's `error` event. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/** What body-parser (inside express.json) attaches to the errors it raises. */
const bodyParserErrorSchema = z.object({ type: z.string(), status: z.number().int() });

const bodyParserErrors: Record<string, { code: string; message: (error: Error) => string }> = {
  "entity.parse.failed": { code: "invalid_json", message: (error) => `body: malformed JSON (${error.message})` },
  "entity.too.large": { code: "payload_too_large", message: () => "body: larger than the 64 kb limit" },
  "encoding.unsupported": { code: "unsupported_encoding", message: (error) => `body: ${error.message}` },
  "charset.unsupported": { code: "unsupported_encoding", message: (error) => `body: ${error.message}` },
  "request.aborted": { code: "request_aborted", message: () => "body: the request was aborted" },
};

/**
 * Maps any error to a status and a `{ error: { code, message } }` body. Known
 * errors keep their own message; anything else is a bug: it is logged to
 * stderr with its stack and the client gets a generic 500.
 */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof AppError) return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  if (error instanceof z.ZodError) {
    const { message } = describeIssue(error.issues[0]!, "body");
    return { status: 400, body: { error: { code: "invalid_request", message } } };
  }
  const bodyParser = bodyParserErrorSchema.safeParse(error);
  if (bodyParser.success && error instanceof Error) {
    const known = bodyParserErrors[bodyParser.data.type];
    const code = known?.code ?? "invalid_request";
    return { status: bodyParser.data.status, body: { error: { code, message: known?.message(error) ?? error.message } } };
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
