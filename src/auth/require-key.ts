import type { RequestHandler } from "express";
import { ForbiddenError, UnauthorizedError } from "../errors/app-errors.js";
import { apiKeyOf, challenge } from "./authenticate.js";

/** Admin routes: 401 without a key, 403 with a key whose role is not admin. */
export const requireAdmin: RequestHandler = (_request, response, next) => {
  const key = apiKeyOf(response);
  if (!key) {
    challenge(response);
    throw new UnauthorizedError("admin routes need an admin key: send `Authorization: Bearer KEY` (`npm run keys -- create --role admin --name …`)");
  }
  if (key.role !== "admin") throw new ForbiddenError(`the key "${key.name}" has the role ${key.role}; admin routes need an admin key`);
  next();
};

/** Chat, conversations, feedback and /v1: open when PUBLIC_CHAT=true, otherwise any valid key. */
export function requireKeyUnlessPublic(publicChat: boolean): RequestHandler {
  return (_request, response, next) => {
    if (publicChat || apiKeyOf(response)) return next();
    challenge(response);
    throw new UnauthorizedError("this server needs an API key for chat (PUBLIC_CHAT=false): send `Authorization: Bearer KEY`");
  };
}
