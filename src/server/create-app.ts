import express from "express";
import { authenticate } from "../auth/authenticate.js";
import { requireAdmin, requireKeyUnlessPublic } from "../auth/require-key.js";
import { createAnswerRecorder } from "../conversations/answer-recorder.js";
import { ValidationError } from "../errors/app-errors.js";
import { createLogger, type Logger } from "../observability/logger.js";
import { recordAnswer, recordFeedback } from "../observability/metrics.js";
import { openAiErrorHandler } from "../openai-compat/openai-error.js";
import { loadLexicon } from "../retrieval/lexicon.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import type { ServiceStore } from "../store-sql/service-store.js";
import { errorHandler } from "./error-handler.js";
import { createRateLimiters, type RateLimiters } from "./rate-limit.js";
import { requestContext } from "./request-context.js";
import "./response-locals.js";
import { optionsResponder, routeFallback } from "./route-fallback.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { chatRoutes } from "./routes/chat-routes.js";
import { conversationRoutes } from "./routes/conversation-routes.js";
import { documentRoutes } from "./routes/document-routes.js";
import { feedbackRoutes } from "./routes/feedback-routes.js";
import { healthRoute } from "./routes/health-route.js";
import { metricsRoute } from "./routes/metrics-route.js";
import { openAiRoutes } from "./routes/openai-routes.js";
import { searchRoutes } from "./routes/search-routes.js";
import { unitRoutes } from "./routes/unit-routes.js";
import { securityHeaders } from "./security-headers.js";
import { ServerLifecycle } from "./server-lifecycle.js";
import { webConsole } from "./web-console.js";

/** Options for {@link createApp}; the defaults are what `npm start` serves. */
export interface CreateAppOptions {
  /** Serve the web console at `/` and the admin page at `/admin` (default true: the build in web/dist), or from another built folder. */
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
 * The HTTP API under `/api`, the OpenAI-compatible API under `/v1`, metrics
 * at `/metrics` and the web console at `/` (the admin page at `/admin`);
 * conversations, feedback and keys in `store`. In order: request id and
 * access log, lifecycle tracking, security headers, authentication (before
 * anything under /api and /v1, as the limiters key on the API key it sets),
 * then per route family its limiter (per API key, else client IP), the
 * routes, and one fallback answering 404/405 in JSON.
 */
export function createApp(services: QiwenServices, store: ServiceStore, options: CreateAppOptions = {}): express.Express {
  const { config } = services;
  const { server } = config;
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
  app.use(["/api", "/v1"], authenticate(store.apiKeys, { publicChat: config.publicChat }));

  const recorder = createAnswerRecorder(store.conversations, { storeQuestions: config.storeQuestions, onAnswer: recordAnswer });
  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  api.use("/chat", limiters.chat);
  api.use("/search", limiters.search);
  api.use(["/chat", "/conversations", "/feedback"], requireKeyUnlessPublic(config.publicChat));
  api.use(chatRoutes(services, recorder));
  api.use(conversationRoutes(store.conversations));
  api.use(feedbackRoutes(store.conversations, recordFeedback));
  api.use("/admin", requireAdmin, adminRoutes(services, store.conversations, loadLexicon().stopwords, logger));
  api.use(searchRoutes(services));
  api.use(documentRoutes(services));
  api.use(unitRoutes(services));
  api.use(healthRoute(services, lifecycle));
  api.use(routeFallback);
  app.use("/api", api);
  app.use("/v1", limiters.v1, openAiRoutes(services, recorder), openAiErrorHandler);

  const web = options.webConsole ?? true;
  if (web) app.use(typeof web === "string" ? webConsole(web) : webConsole());
  app.use(routeFallback);
  app.use(errorHandler(logger));
  return app;
}
