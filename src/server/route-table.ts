import type { Application } from "express";

/** One route as the app serves it: the full path pattern and the methods it answers. */
export interface RouteEntry {
  /** Mount paths and the route's own, e.g. `/api/documents/:id/clauses`. */
  pattern: string;
  /** Upper case; GET brings HEAD, and every route answers OPTIONS. */
  methods: string[];
}

/**
 * What this module reads of Express's router (router 2.x): each layer's
 * pattern matchers, its route (a method handler), or the stack of a router
 * mounted with `use`. Anything else in a stack is middleware and serves no route.
 */
interface RouterLayer {
  rawPath?: unknown;
  slash?: boolean;
  matchers?: ((path: string) => false | { path: string })[];
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
  handle?: { stack?: unknown };
}

function stackOf(value: unknown): RouterLayer[] {
  return Array.isArray(value) ? (value as RouterLayer[]) : [];
}

function methodsOf(route: NonNullable<RouterLayer["route"]>): string[] {
  const methods = new Set(
    Object.entries(route.methods)
      .filter(([, enabled]) => enabled)
      .map(([method]) => (method === "_all" ? "*" : method.toUpperCase())),
  );
  if (methods.has("GET")) methods.add("HEAD");
  methods.add("OPTIONS");
  return [...methods];
}

/** The first matcher of a layer that matches `path`, as Express would match it; undecodable paths match nothing. */
function matchLayer(layer: RouterLayer, path: string): { path: string } | undefined {
  if (layer.slash) return { path: "" };
  for (const matcher of layer.matchers ?? []) {
    try {
      const matched = matcher(path);
      if (matched) return matched;
    } catch {
      // A malformed percent-escape: the router itself answers that with a 400.
    }
  }
  return undefined;
}

const joinPaths = (prefix: string, path: string) => (prefix + (path === "/" && prefix !== "" ? "" : path)).replace(/\/{2,}/g, "/");

/** Every route of the app, mounted routers included, in registration order (what the fuzz test walks). */
export function listRoutes(app: Pick<Application, "router">): RouteEntry[] {
  const routes: RouteEntry[] = [];
  const walk = (stack: RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route && typeof layer.route.path === "string") {
        routes.push({ pattern: joinPaths(prefix, layer.route.path), methods: methodsOf(layer.route) });
      } else if (layer.handle?.stack) {
        walk(stackOf(layer.handle.stack), layer.slash || typeof layer.rawPath !== "string" ? prefix : joinPaths(prefix, layer.rawPath));
      }
    }
  };
  walk(stackOf(app.router.stack), "");
  return routes;
}

/**
 * The routes whose pattern matches `path` (a request's path, undecoded), and
 * the methods they answer together: what a 405's Allow header lists, and the
 * route label of a request's metrics. Undefined when no route has that path.
 */
export function matchRoute(app: Pick<Application, "router">, path: string): RouteEntry | undefined {
  let found: { pattern: string; methods: Set<string> } | undefined;
  const walk = (stack: RouterLayer[], remaining: string, prefix: string) => {
    for (const layer of stack) {
      const matched = matchLayer(layer, remaining);
      if (!matched) continue;
      if (layer.route && typeof layer.route.path === "string") {
        found ??= { pattern: joinPaths(prefix, layer.route.path), methods: new Set() };
        for (const method of methodsOf(layer.route)) found.methods.add(method);
      } else if (layer.handle?.stack) {
        const mount = layer.slash || typeof layer.rawPath !== "string" ? "" : layer.rawPath;
        walk(stackOf(layer.handle.stack), remaining.slice(matched.path.length) || "/", joinPaths(prefix, mount));
      }
    }
  };
  walk(stackOf(app.router.stack), path, "");
  return found && { pattern: found.pattern, methods: [...found.methods] };
}
