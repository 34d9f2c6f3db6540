import type { RequestHandler, Response } from "express";
import { UnauthorizedError } from "../errors/app-errors.js";
import type { ApiKeyIdentity } from "./api-key.js";
import type { ApiKeyStore } from "./api-key-store.js";

/** The verified key of this request (set by {@link authenticate}), or undefined for an anonymous one. */
export function apiKeyOf(response: Response): ApiKeyIdentity | undefined {
  return (response.locals as { apiKey?: ApiKeyIdentity }).apiKey;
}

/** Tells a client that was refused for its key how to send one. */
export function challenge(response: Response): void {
  response.set("WWW-Authenticate", 'Bearer realm="qiwen"');
}

/** The key a request presents: `Authorization: Bearer KEY` or `X-API-Key: KEY`; undefined when it presents none. */
function presentedKey(authorization: string | undefined, apiKeyHeader: string | undefined): string | undefined {
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new UnauthorizedError("Authorization: expected `Bearer KEY` (a key made with `npm run keys -- create`)");
    return match[1];
  }
  if (apiKeyHeader !== undefined) return apiKeyHeader.trim();
  return undefined;
}

/**
 * Runs before everything under /api and /v1: sets `response.locals.apiKey`
 * to the verified key, or leaves it undefined when the request carries none.
 * A key that is malformed, unknown or revoked is a 401: a mistyped admin key
 * must not quietly become an anonymous request.
 */
export function authenticate(keys: ApiKeyStore): RequestHandler {
  return async (request, response, next) => {
    response.locals.apiKey = undefined;
    let key: string | undefined;
    try {
      key = presentedKey(request.get("authorization"), request.get("x-api-key"));
    } catch (error) {
      challenge(response);
      throw error;
    }
    if (key === undefined) return next();
    const identity = await keys.verify(key);
    if (!identity) {
      challenge(response);
      throw new UnauthorizedError("the API key is not valid: it is mistyped, revoked, or from another server (`npm run keys -- list` shows the keys)");
    }
    response.locals.apiKey = identity;
    next();
  };
}
