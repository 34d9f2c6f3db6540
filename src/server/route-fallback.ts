import type { RequestHandler } from "express";
import { MethodNotAllowedError, NotFoundError } from "../errors/app-errors.js";
import { matchRoute } from "./route-table.js";

const pathOf = (originalUrl: string) => originalUrl.split("?")[0] ?? "/";

/**
 * Answers OPTIONS on any path a route serves with 204 and its Allow list
 * (mounted before the routes: Express's own reply is plain text, per router).
 * No CORS headers: the console is served from the same origin.
 */
export const optionsResponder: RequestHandler = (request, response, next) => {
  if (request.method !== "OPTIONS") return next();
  const route = matchRoute(request.app, pathOf(request.originalUrl));
  if (!route) return next();
  response.set("Allow", route.methods.join(", ")).status(204).end();
};

/**
 * The last handler, in /api and after the console: a path some route serves
 * answers another method with a 405 naming the allowed ones in Allow; any
 * other path is a JSON 404. Routes are read from the app's router at request
 * time, so routes added later are covered.
 */
export const routeFallback: RequestHandler = (request) => {
  const path = pathOf(request.originalUrl);
  const route = matchRoute(request.app, path);
  if (!route) throw new NotFoundError(`no such endpoint: ${request.method} ${path}`);
  throw new MethodNotAllowedError(request.method, path, route.methods);
};
