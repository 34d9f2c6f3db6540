import express from "express";
import { NotFoundError } from "../errors/app-errors.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import { errorHandler } from "./error-handler.js";
import { defaultChatRateLimit, rateLimit, type RateLimitOptions } from "./rate-limit.js";
import { chatRoutes } from "./routes/chat-routes.js";
import { documentRoutes } from "./routes/document-routes.js";
import { healthRoute } from "./routes/health-route.js";
import { searchRoutes } from "./routes/search-routes.js";
import { unitRoutes } from "./routes/unit-routes.js";
import { webConsole, type BuildWeb } from "./web-console.js";

/** Options for {@link createApp}; the defaults are what `npm start` serves. */
export interface CreateAppOptions {
  /** Per-IP limit on /api/chat*, or false for none (the bench). */
  chatRateLimit?: RateLimitOptions | false;
  /** Serve the web console at `/` (default true), optionally with another build function. */
  webConsole?: boolean | BuildWeb;
}

/** Largest request body: a question, twenty turns of history and filters fit well within it. */
const BODY_LIMIT = "64kb";

/** The HTTP API under `/api` and the web console at `/`. */
export function createApp(services: QiwenServices, options: CreateAppOptions = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");

  const api = express.Router();
  api.use(express.json({ limit: BODY_LIMIT }));
  const chatLimit = options.chatRateLimit ?? defaultChatRateLimit;
  if (chatLimit) api.use("/chat", rateLimit(chatLimit));
  api.use(chatRoutes(services));
  api.use(searchRoutes(services));
  api.use(documentRoutes(services));
  api.use(unitRoutes(services));
  api.use(healthRoute(services));
  api.use((request) => {
    throw new NotFoundError(`no such endpoint: ${request.method} ${request.originalUrl.split("?")[0]}`);
  });
  app.use("/api", api);

  const web = options.webConsole ?? true;
  if (web) app.use(webConsole(typeof web === "function" ? web : undefined));
  app.use(errorHandler);
  return app;
}
