import type { Request, RequestHandler, Response } from "express";
import { UnauthorizedError } from "../errors/app-errors.js";
import "../server/response-locals.js";
import { parseApiKey, type ApiKeyIdentity } from "./api-key.js";
import type { ApiKeyStore } from "./api-key-store.js";

/** The verified key of this request (set by {@link authenticate}), or undefined for an anonymous one. */
export function apiKeyOf(response: Response): ApiKeyIdentity | undefined {
  return response.locals.apiKey;
}

/** Tells a client that was refused for its key how to send one. */
export function challenge(response: Response): void {
  response.set("WWW-Authenticate", 'Bearer realm="qiwen"');
}

/** The token a request presents: `Authorization: Bearer KEY`, else `X-API-Key: KEY`. */
function presentedToken(request: Request): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(request.get("authorization") ?? "");
  return bearer?.[1] ?? (request.get("x-api-key")?.trim() || undefined);
}

/**
 * Runs before everything under /api and /v1: sets `response.locals.apiKey`
 * to the verified key, or leaves it undefined for an anonymous request. A
 * 企问 key (`qw_…`) that is unknown, revoked or mistyped is a 401: a mistyped
 * admin key must not quietly become an anonymous request. Any other token
 * (OpenAI clients insist on sending one; a proxy's Basic credentials) is
 * ignored while chat is public, and a 401 when it is not.
 */
export function authenticate(keys: ApiKeyStore, options: { publicChat: boolean }): RequestHandler {
  return async (request, response, next) => {
    response.locals.apiKey = undefined;
    const token = presentedToken(request);
    if (token === undefined) return next();
    if (!parseApiKey(token)) {
      if (options.publicChat) return next();
      challenge(response);
      throw new UnauthorizedError("the token sent is not a 企问 API key (qw_…): make one with `npm run keys -- create`");
    }
    const identity = await keys.verify(token);
    if (!identity) {
      challenge(response);
      throw new UnauthorizedError("the API key is not valid: it is mistyped, revoked, or from another server (`npm run keys -- list` shows the keys)");
    }
    response.locals.apiKey = identity;
    next();
  };
}
