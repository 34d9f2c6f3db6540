import express from "express";
import { ValidationError } from "../errors/app-errors.js";
import { createLogger, type Logger } from "../observability/logger.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import { errorHandler } from "./error-handler.js";
import { createRateLimiters, type RateLimiters } from "./rate-limit.js";
import { requestContext } from "./request-context.js";
import "./response-locals.js";
import { optionsResponder, routeFallback } from "./route-fallback.js";
import { chatRoutes } from "./routes/chat-routes.js";
import { documentRoutes } from "./routes/document-routes.js";
import { healthRoute } from "./routes/health-route.js";
import { metricsRoute } from "./routes/metrics-route.js";
import { searchRoutes } from "./routes/search-routes.js";
import { unitRoutes } from "./routes/unit-routes.js";
import { securityHeaders } from "./security-headers.js";
import { ServerLifecycle } from "./server-lifecycle.js";
import { webConsole } from "./web-console.js";

/** Options for {@link createApp}; the defaults are what `npm start` serves. */
export interface CreateAppOptions {
  /** Serve the web console at `/` (default true: the build in web/dist), or from another built folder. */
  webConsole?: boolean | string;
  /** Where the JSON logs go; by default a logger on stdout at LOG_LEVEL. */
  logger?: Logger;
  /** Tracks in-flight requests for a graceful shutdown (startServer passes its own). */
  lifecycle?: ServerLifecycle;
  /** Rate limiters to use instead of ones built from the settings (e.g. shared by two apps). */
  rateLimiters?: RateLimiters;
}

/** Largest request body: a question, twenty turns of history and filters fit well within it. */
const BODY_LIMIT = "64kb";

/**
 * The HTTP API under `/api`, metrics at `/metrics` and the web console at `/`.
 * In order: request id and access log, lifecycle tracking, security headers,
 * then per route family its limiter (keyed per API key or client IP, so an
 * auth middleware that sets `response.locals.apiKey` goes before it), the
 * routes, and one fallback answering 404/405 in JSON.
 */
export function createApp(services: QiwenServices, options: CreateAppOptions = {}): express.Express {
  const { server } = services.config;
  const logger = options.logger ?? createLogger(server.log);
  const lifecycle = options.lifecycle ?? new ServerLifecycle();
  const limiters = options.rateLimiters ?? createRateLimiters(server.rateLimits, logger);
  const app = express();
  app.disable("x-powered-by");
  try {
    app.set("trust proxy", server.trustProxy);
  } catch (error) {
    // Express compiles addresses and subnets here; a typo would otherwise surface as a bare TypeError.
    throw new ValidationError(`environment variable TRUST_PROXY: ${error instanceof Error ? error.message : String(error)}`, { field: "TRUST_PROXY" });
  }

  app.use(requestContext(logger, { logQuestions: server.log.questions }));
  app.use(lifecycle.middleware);
  app.use(securityHeaders());
  app.use(optionsResponder);
  app.use(metricsRoute(services));

  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  api.use("/chat", limiters.chat);
  api.use("/search", limiters.search);
  api.use(chatRoutes(services));
  api.use(searchRoutes(services));
  api.use(documentRoutes(services));
  api.use(unitRoutes(services));
  api.use(healthRoute(services, lifecycle));
  api.use(routeFallback);
  app.use("/api", api);

  const web = options.webConsole ?? true;
  if (web) app.use(typeof web === "string" ? webConsole(web) : webConsole());
  app.use(routeFallback);
  app.use(errorHandler(logger));
  return app;
}
