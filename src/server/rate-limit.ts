import type { RequestHandler } from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import { z } from "zod";
import type { ServerConfig } from "../config/server-config.js";
import { RateLimitedError } from "../errors/app-errors.js";
import type { Logger } from "../observability/logger.js";

/** One limiter per costly family of endpoints; each keeps its own counts. */
export interface RateLimiters {
  /** /api/chat and /api/chat/stream (one bucket for both). */
  chat: RequestHandler;
  /** /api/search. */
  search: RequestHandler;
  /** The OpenAI-compatible /v1 endpoints. */
  v1: RequestHandler;
}

/** What the auth middleware leaves in `response.locals.apiKey` when a request carries a key. */
const apiKeySchema = z.object({ id: z.union([z.string(), z.number()]) });

const passThrough: RequestHandler = (_request, _response, next) => next();

/**
 * At most `limit` requests per `windowMs` for each client: the API key when
 * the request carries one (auth runs first and sets `response.locals.apiKey`),
 * else the client IP — the socket's, or X-Forwarded-For's when TRUST_PROXY
 * trusts the proxy in front (Express's `request.ip`). IPv6 clients are
 * counted per /56, as one household or office usually holds one.
 * A limit of 0 turns the limiter off. Over the limit, the request fails with
 * a 429 in the API's error shape, with Retry-After.
 */
export function createRateLimiter(limit: number, windowMs: number, logger: Logger): RequestHandler {
  if (limit === 0) return passThrough;
  return rateLimit({
    windowMs,
    limit,
    standardHeaders: "draft-7",
    legacyHeaders: false,
    keyGenerator: (request, response) => {
      const apiKey = apiKeySchema.safeParse(response.locals.apiKey);
      if (apiKey.success) return `key:${apiKey.data.id}`;
      return `ip:${ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? "unknown")}`;
    },
    handler: (_request, response, next) => {
      const retryAfterSeconds = Math.max(1, Number(response.getHeader("Retry-After")) || Math.ceil(windowMs / 1000));
      next(new RateLimitedError(limit, windowMs, retryAfterSeconds));
    },
    // Whether X-Forwarded-For counts is TRUST_PROXY's decision, not a misconfiguration to report on every forged header.
    // creationStack looks for a limiter made inside a request handler, which ours never are (createRateLimiters runs
    // at start) by reading a new Error's stack: under `node --enable-source-maps` that made node parse the bundle's
    // whole source map at start and keep it (~5 MB of an idle server), when no stack trace is ever printed.
    validate: { xForwardedForHeader: false, trustProxy: false, creationStack: false },
    logger: {
      error: (error, message) => logger.error({ err: error }, message ?? "rate limiter error"),
      warn: (error, message) => logger.warn({ err: error }, message ?? "rate limiter warning"),
    },
  });
}

/** The limiters the settings ask for (RATE_LIMIT_*_PER_MIN over RATE_LIMIT_WINDOW_MS). */
export function createRateLimiters(limits: ServerConfig["rateLimits"], logger: Logger): RateLimiters {
  return {
    chat: createRateLimiter(limits.chat, limits.windowMs, logger),
    search: createRateLimiter(limits.search, limits.windowMs, logger),
    v1: createRateLimiter(limits.v1, limits.windowMs, logger),
  };
}
