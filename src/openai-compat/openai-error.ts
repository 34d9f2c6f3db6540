import type { ErrorRequestHandler } from "express";
import { AppError } from "../errors/app-errors.js";
import type { Logger } from "../observability/logger.js";
import { setErrorHeaders, toErrorResponse } from "../server/error-handler.js";

/** OpenAI's error `type` for a status. */
function errorType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return "server_error";
  return "invalid_request_error";
}

/** An error event of the answer stream (code and message only) as OpenAI's error body. */
export function openAiErrorEvent(error: { code: string; message: string }): OpenAiErrorBody {
  return { error: { message: error.message, type: "server_error", param: null, code: error.code } };
}

/** OpenAI's error body. */
export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string };
}

/** Any error as OpenAI's `{ error: { message, type, param, code } }`, with the status our handler would give it. */
export function toOpenAiError(error: unknown, log: Pick<Logger, "error">): { status: number; body: OpenAiErrorBody } {
  const { status, body } = toErrorResponse(error, log);
  const details = error instanceof AppError ? error.details : {};
  const code = typeof details.openAiCode === "string" ? details.openAiCode : status === 401 ? "invalid_api_key" : body.error.code;
  const param = typeof details.field === "string" ? details.field : null;
  return { status, body: { error: { message: body.error.message, type: errorType(status), param, code } } };
}

/** The error handler of /v1: the status the API would answer, in the shape OpenAI clients parse. */
export const openAiErrorHandler: ErrorRequestHandler = (error, _request, response, next) => {
  if (response.headersSent) {
    next(error);
    return;
  }
  const { status, body } = toOpenAiError(error, response.locals.log);
  setErrorHeaders(response, error);
  response.status(status).json(body);
};
