import express from "express";
import { authenticate } from "../auth/authenticate.js";
import { requireAdmin, requireKeyUnlessPublic } from "../auth/require-key.js";
import { createAnswerRecorder, type AnswerHook } from "../conversations/answer-recorder.js";
import { NotFoundError } from "../errors/app-errors.js";
import { openAiErrorHandler } from "../openai-compat/openai-error.js";
import { loadLexicon } from "../retrieval/lexicon.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import type { ServiceStore } from "../store-sql/service-store.js";
import { errorHandler } from "./error-handler.js";
import { defaultChatRateLimit, rateLimit, type RateLimitOptions } from "./rate-limit.js";
import { adminRoutes } from "./routes/admin-routes.js";
import { chatRoutes } from "./routes/chat-routes.js";
import { conversationRoutes } from "./routes/conversation-routes.js";
import { documentRoutes } from "./routes/document-routes.js";
import { feedbackRoutes, type FeedbackHook } from "./routes/feedback-routes.js";
import { healthRoute } from "./routes/health-route.js";
import { openAiRoutes } from "./routes/openai-routes.js";
import { searchRoutes } from "./routes/search-routes.js";
import { unitRoutes } from "./routes/unit-routes.js";
import { webConsole, type BuildWeb } from "./web-console.js";

/** Options for {@link createApp}; the defaults are what `npm start` serves. */
export interface CreateAppOptions {
  /** Per-IP limit on /api/chat*, or false for none (the bench). */
  chatRateLimit?: RateLimitOptions | false;
  /** Serve the web console at `/` (default true), optionally with another build function. */
  webConsole?: boolean | BuildWeb;
  /** Called for every stored answer and rating (metrics). */
  hooks?: { onAnswer?: AnswerHook; onFeedback?: FeedbackHook };
}

/** Largest request body: a question, twenty turns of history and filters fit well within it. */
const BODY_LIMIT = "64kb";

/**
 * The HTTP API under `/api`, the OpenAI-compatible API under `/v1`, and the
 * web console at `/` (the admin page at `/admin`); conversations, feedback and
 * keys in `store`. Authentication runs first, before anything under /api and /v1.
 */
export function createApp(services: QiwenServices, store: ServiceStore, options: CreateAppOptions = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(["/api", "/v1"], authenticate(store.apiKeys, { publicChat: services.config.publicChat }));

  const { config } = services;
  const recorder = createAnswerRecorder(store.conversations, { storeQuestions: config.storeQuestions, onAnswer: options.hooks?.onAnswer });
  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  const chatLimit = options.chatRateLimit ?? defaultChatRateLimit;
  if (chatLimit) api.use("/chat", rateLimit(chatLimit));
  api.use(["/chat", "/conversations", "/feedback"], requireKeyUnlessPublic(config.publicChat));
  api.use(chatRoutes(services, recorder));
  api.use(conversationRoutes(store.conversations));
  api.use(feedbackRoutes(store.conversations, options.hooks?.onFeedback));
  api.use("/admin", requireAdmin, adminRoutes(services, store.conversations, loadLexicon().stopwords));
  api.use(searchRoutes(services));
  api.use(documentRoutes(services));
  api.use(unitRoutes(services));
  api.use(healthRoute(services));
  api.use((request) => {
    throw new NotFoundError(`no such endpoint: ${request.method} ${request.originalUrl.split("?")[0]}`);
  });
  app.use("/api", api);
  app.use("/v1", openAiRoutes(services, recorder), openAiErrorHandler);

  const web = options.webConsole ?? true;
  if (web) app.use(webConsole(typeof web === "function" ? web : undefined));
  app.use(errorHandler);
  return app;
}
