import express, { type RequestHandler } from "express";

/** Where the console's build script lives, relative to this file; imported only when a page is asked for. */
const buildModule = "../../web/build-web.js";

/** Builds the console and returns the folder to serve. */
export type BuildWeb = () => Promise<string>;

async function importBuildWeb(): Promise<BuildWeb> {
  // A variable specifier: the console is optional, the API must not depend on it to compile or run.
  const module: unknown = await import(buildModule);
  const buildWeb = typeof module === "object" && module !== null && "buildWeb" in module ? module.buildWeb : undefined;
  if (typeof buildWeb !== "function") throw new Error(`${buildModule} does not export buildWeb()`);
  return () => Promise.resolve(buildWeb()).then(String);
}

const unavailablePage = (reason: string) => `<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>企问</title>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto">
<h1>企问</h1>
<p>网页控制台暂时无法构建，API 仍可使用（/api/chat、/api/search …）。</p>
<p>The web console could not be built; the API still works.</p>
<pre style="white-space: pre-wrap">${reason.replace(/[&<>]/g, (character) => `&#${character.charCodeAt(0)};`)}</pre>
</body></html>`;

/**
 * Serves the web console at `/`. It is built on the first page request, not at
 * startup, so API-only uses (tests, the bench) never pay for it; a failed build
 * is logged and replaced by a short page saying so.
 */
export function webConsole(build?: BuildWeb): RequestHandler {
  let served: Promise<RequestHandler> | undefined;
  const prepare = async (): Promise<RequestHandler> => {
    try {
      const folder = await (build ?? (await importBuildWeb()))();
      // `extensions` serves /admin from admin.html.
      return express.static(folder, { index: "index.html", extensions: ["html"], maxAge: "1h", setHeaders: noCacheForHtml });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`web console unavailable: ${reason}`);
      return (request, response, next) => {
        if (request.method !== "GET" && request.method !== "HEAD") return next();
        if (request.path !== "/" && request.path !== "/index.html") return next();
        response.status(503).type("html").send(unavailablePage(reason));
      };
    }
  };
  return (request, response, next) => {
    if (request.method !== "GET" && request.method !== "HEAD") return next();
    served ??= prepare();
    served.then((handler) => handler(request, response, next), next);
  };
}

/** index.html names the hashed bundles, so it must be re-read after a rebuild; the bundles may be cached. */
function noCacheForHtml(response: { setHeader(name: string, value: string): unknown }, file: string): void {
  if (file.endsWith(".html")) response.setHeader("Cache-Control", "no-cache");
}
