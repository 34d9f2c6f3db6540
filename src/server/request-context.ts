import { randomUUID } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { z } from "zod";
import type { Logger } from "../observability/logger.js";
import { lastUserText } from "../openai-compat/completion-request.js";
import { recordHttpRequest } from "../observability/metrics.js";
import { matchRoute } from "./route-table.js";

/** An incoming X-Request-Id is kept when it looks like an id (a proxy's or a client's), not arbitrary text. */
const incomingIdPattern = /^[\w.:@-]{1,128}$/;

/** A scanner's thousand parameters are not worth a thousand log fields. */
const MAX_LOGGED_PARAMETERS = 20;

/** The question text a request carries: a chat body's `question`, a search's `q` (a /v1 body's: its last user message). */
const questionSchema = z.union([z.object({ question: z.string() }).transform((body) => body.question), z.object({ q: z.string() }).transform((query) => query.q)]);

function questionOf(request: Request): string | undefined {
  for (const source of [request.body, request.query]) {
    const parsed = questionSchema.safeParse(source);
    if (parsed.success) return parsed.data;
  }
  return lastUserText(request.body);
}

/**
 * The route label of a request for metrics and logs: the matched pattern, the
 * console's files, or `unmatched` — never the raw path, which a scanner can
 * vary without end.
 */
function routeLabel(request: Request, path: string, status: number): string {
  const route = matchRoute(request.app, path);
  if (route) return route.pattern;
  return status < 400 && (request.method === "GET" || request.method === "HEAD") ? "console" : "unmatched";
}

/**
 * The first middleware: gives each request an id (the incoming X-Request-Id
 * when sane, else a new one), sends it back in X-Request-Id, binds a child
 * logger to it for the handlers (`response.locals.log`), and when the
 * response is done writes one access-log line and the request's metrics.
 * Question text is logged only with LOG_QUESTIONS=true; otherwise the line
 * names the query parameters, not their values.
 */
export function requestContext(logger: Logger, options: { logQuestions: boolean }): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    const incoming = request.get("x-request-id");
    const requestId = incoming && incomingIdPattern.test(incoming) ? incoming : randomUUID();
    response.setHeader("X-Request-Id", requestId);
    const log = logger.child({ reqId: requestId });
    response.locals.requestId = requestId;
    response.locals.log = log;

    response.once("close", () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = response.statusCode;
      // The original path: by now a router may have rewritten request.url to the part below its mount point.
      const path = request.originalUrl.split("?")[0] ?? "/";
      const route = routeLabel(request, path, status);
      recordHttpRequest({ method: request.method, route, status, seconds });
      const question = options.logQuestions ? questionOf(request) : undefined;
      log.info(
        {
          method: request.method,
          path,
          route,
          status,
          ms: Math.round(seconds * 1e4) / 10,
          ip: request.ip,
          ...(options.logQuestions ? { url: request.originalUrl } : { query: Object.keys(request.query ?? {}).slice(0, MAX_LOGGED_PARAMETERS) }),
          ...(question === undefined ? {} : { question }),
          ...(response.writableFinished ? {} : { aborted: true }),
        },
        "request",
      );
    });
    next();
  };
}
