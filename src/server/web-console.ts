import { existsSync, statSync } from "node:fs";
import path from "node:path";
import express, { type RequestHandler } from "express";
import { projectRoot } from "../config/app-config.js";
import { MethodNotAllowedError } from "../errors/app-errors.js";

/** Where `npm run build` (run by `npm start` itself) puts the console. */
export const defaultConsoleDir = path.join(projectRoot, "web", "dist");

const notBuiltPage = `<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>企问</title>
<body>
<h1>企问</h1>
<p>网页控制台尚未构建：请运行 <code>npm run build</code>（<code>npm start</code> 会自动构建）。API 仍可使用（/api/chat、/api/search …）。</p>
<p>The web console is not built: run <code>npm run build</code> (<code>npm start</code> runs it). The API still works.</p>
</body></html>`;

const consoleMethods = ["GET", "HEAD", "OPTIONS"];

/** The console's pages by path: the chat console and the admin page. */
const consolePages: Record<string, string | undefined> = { "/": "index.html", "/index.html": "index.html", "/admin": "admin.html", "/admin.html": "admin.html" };

/** The built file a request path names inside `folder` (`/admin` names admin.html), if any (never outside it). */
function builtFile(folder: string, requestPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(requestPath);
  } catch {
    return undefined;
  }
  const file = path.resolve(folder, `.${decoded === "/" ? "/index.html" : decoded}`);
  if (!file.startsWith(folder + path.sep)) return undefined;
  return [file, `${file}.html`].find(isFile);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the console built into `folder` (index.html and its hashed bundles)
 * at `/`. Source maps are not served, even if a development build left some.
 * Another method on one of its files is a 405; any other path falls through
 * to the JSON 404. The folder is built before the server starts (`npm start`
 * runs the build); when it is missing, `/` says how to build it.
 */
export function webConsole(folder: string = defaultConsoleDir): RequestHandler {
  const root = path.resolve(folder);
  // `extensions` serves the admin page at /admin from admin.html.
  const serveStatic = express.static(root, { index: "index.html", extensions: ["html"], maxAge: "1h", redirect: false, setHeaders: noCacheForHtml });
  return (request, response, next) => {
    if (request.path.endsWith(".map")) return next();
    if (request.method !== "GET" && request.method !== "HEAD") {
      if (!builtFile(root, request.path)) return next();
      if (request.method !== "OPTIONS") throw new MethodNotAllowedError(request.method, request.path, consoleMethods);
      response.set("Allow", consoleMethods.join(", ")).status(204).end();
      return;
    }
    const page = consolePages[request.path];
    if (page && !existsSync(path.join(root, page))) {
      response.status(503).type("html").send(notBuiltPage);
      return;
    }
    serveStatic(request, response, next);
  };
}

/** index.html names the hashed bundles, so it must be re-read after a rebuild; the bundles may be cached. */
function noCacheForHtml(response: { setHeader(name: string, value: string): unknown }, file: string): void {
  if (file.endsWith(".html")) response.setHeader("Cache-Control", "no-cache");
}
