import type { RequestHandler } from "express";
import { AppError } from "../errors/app-errors.js";

/** At most `limit` requests per client IP in each `windowMs`. */
export interface RateLimitOptions {
  limit: number;
  windowMs: number;
}

/** The chat endpoints' default: generous for a person, a brake on a script. */
export const defaultChatRateLimit: RateLimitOptions = { limit: 60, windowMs: 60_000 };

/**
 * A fixed-window, per-IP request limit kept in memory (one process serves the
 * API, so nothing needs sharing). Over the limit, the request fails with a 429
 * whose message is in Chinese and English, and a Retry-After header.
 */
export function rateLimit({ limit, windowMs }: RateLimitOptions): RequestHandler {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return (request, _response, next) => {
    const now = Date.now();
    if (windows.size > 10_000) {
      for (const [ip, window] of windows) if (now - window.startedAt >= windowMs) windows.delete(ip);
    }
    const ip = request.ip ?? request.socket.remoteAddress ?? "unknown";
    let window = windows.get(ip);
    if (!window || now - window.startedAt >= windowMs) {
      window = { startedAt: now, count: 0 };
      windows.set(ip, window);
    }
    window.count += 1;
    if (window.count <= limit) {
      next();
      return;
    }
    const retryAfterSeconds = Math.ceil((window.startedAt + windowMs - now) / 1000);
    next(
      new AppError(
        "rate_limited",
        429,
        `请求过于频繁，请 ${retryAfterSeconds} 秒后再试。Too many requests: at most ${limit} per ${Math.round(windowMs / 1000)} s; retry in ${retryAfterSeconds} s.`,
        { retryAfterSeconds },
      ),
    );
  };
}
