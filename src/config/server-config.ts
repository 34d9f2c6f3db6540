import { z } from "zod";
import { ValidationError } from "../errors/app-errors.js";

const emptyToUndefined = (value: unknown) => (value === "" ? undefined : value);
const milliseconds = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3_600_000).default(fallback));
const perWindow = (fallback: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(1_000_000).default(fallback));

/**
 * Express's `trust proxy` values as an environment variable: `true`/`false`,
 * a hop count (`1`), or names and addresses (`loopback`, `10.0.0.0/8, uniquelocal`).
 * Unset means false: the client IP is the socket's and X-Forwarded-For is ignored.
 */
const trustProxySchema = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .default("false")
    .transform((value): boolean | number | string => {
      const trimmed = value.trim();
      if (trimmed === "true") return true;
      if (trimmed === "false") return false;
      if (/^\d+$/.test(trimmed)) return Number(trimmed);
      return trimmed;
    })
    .refine((value) => typeof value !== "string" || /^[\w.:/,\s-]+$/.test(value), "expected true, false, a hop count, or addresses/subnets/loopback|linklocal|uniquelocal separated by commas"),
);

/** The environment variables of the HTTP service (limits, proxy, timeouts, logs); merged into the app's schema. */
export const serverEnvShape = {
  RATE_LIMIT_CHAT_PER_MIN: perWindow(60),
  RATE_LIMIT_SEARCH_PER_MIN: perWindow(120),
  RATE_LIMIT_V1_PER_MIN: perWindow(60),
  /** The window the *_PER_MIN limits count over; a minute unless a test compresses time. */
  RATE_LIMIT_WINDOW_MS: milliseconds(60_000),
  TRUST_PROXY: trustProxySchema,
  /** Time a client has to send the request headers (slow-header attacks). */
  HTTP_HEADERS_TIMEOUT_MS: milliseconds(15_000),
  /** Time a client has to send the whole request, body included; a response (a stream) is not limited by it. */
  HTTP_REQUEST_TIMEOUT_MS: milliseconds(30_000),
  /** How long an idle keep-alive connection stays open; set it above a proxy's own idle timeout. */
  HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(5_000),
  /** After SIGTERM: in-flight requests get this long before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: milliseconds(10_000),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info")),
  /** `true` logs question text (chat questions, search queries); off by default, as callers' questions may identify them. */
  LOG_QUESTIONS: z.preprocess(emptyToUndefined, z.enum(["true", "false"]).default("false")),
};

const serverEnvSchema = z.object(serverEnvShape);

/** How the HTTP service runs: limits, which proxies to trust, timeouts, logs. */
export interface ServerConfig {
  /** Requests per window and client (API key, else client IP); 0 turns a limit off. */
  rateLimits: { chat: number; search: number; v1: number; windowMs: number };
  /** Express's `trust proxy` setting. */
  trustProxy: boolean | number | string;
  timeouts: { headersMs: number; requestMs: number; keepAliveMs: number; shutdownMs: number };
  log: { level: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent"; questions: boolean };
}

/** The service's part of the parsed environment. */
export function toServerConfig(vars: z.output<typeof serverEnvSchema>): ServerConfig {
  // Node refuses to start a server whose headers may take longer than the whole request.
  if (vars.HTTP_HEADERS_TIMEOUT_MS > vars.HTTP_REQUEST_TIMEOUT_MS) {
    throw new ValidationError(
      `environment variable HTTP_HEADERS_TIMEOUT_MS (${vars.HTTP_HEADERS_TIMEOUT_MS}) must not exceed HTTP_REQUEST_TIMEOUT_MS (${vars.HTTP_REQUEST_TIMEOUT_MS})`,
      { field: "HTTP_HEADERS_TIMEOUT_MS" },
    );
  }
  return {
    rateLimits: {
      chat: vars.RATE_LIMIT_CHAT_PER_MIN,
      search: vars.RATE_LIMIT_SEARCH_PER_MIN,
      v1: vars.RATE_LIMIT_V1_PER_MIN,
      windowMs: vars.RATE_LIMIT_WINDOW_MS,
    },
    trustProxy: vars.TRUST_PROXY,
    timeouts: {
      headersMs: vars.HTTP_HEADERS_TIMEOUT_MS,
      requestMs: vars.HTTP_REQUEST_TIMEOUT_MS,
      keepAliveMs: vars.HTTP_KEEP_ALIVE_TIMEOUT_MS,
      shutdownMs: vars.SHUTDOWN_TIMEOUT_MS,
    },
    log: { level: vars.LOG_LEVEL, questions: vars.LOG_QUESTIONS === "true" },
  };
}
