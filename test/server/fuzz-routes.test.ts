/**
 * Every route the app serves — read from its Express router, so routes added
 * later are fuzzed too — with every method, odd path parameters (traversal,
 * NUL, broken escapes, emoji, 5000 characters), malformed and mistyped JSON
 * bodies, huge and repeated query strings, plus paths no route serves. Over a
 * served index and over an empty data folder: no 5xx (but the 503 of a
 * missing index), no stack trace, no server path in any response, JSON
 * everywhere but the console's own files. The admin routes get an admin key,
 * so the document routes upload, publish and remove for real (on copies of
 * the seeds and the index).
 */
import { request as httpRequest } from "node:http";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { projectRoot } from "../../src/config/app-config.js";
import { listRoutes } from "../../src/server/route-table.js";
import type { RunningServer } from "../../src/server/start-server.js";
import { createServices } from "../../src/services/create-services.js";
import { buildWeb } from "../../web/build-web.js";
import { captureLog } from "../support/capture-log.js";
import { copyTestCorpus, noRateLimits, prepareTestIndex, testConfig } from "../support/test-index.js";
import { startTestServer } from "../support/test-store.js";

/** Every error response carries `error: { code, message }` (readiness adds `ready: false` beside it). */
const errorBodySchema = z.looseObject({ error: z.object({ code: z.string().regex(/^[a-z_]+$/), message: z.string().min(1) }).strict() });
/** Under /v1 errors come in OpenAI's shape, which its clients parse. */
const openAiErrorBodySchema = z.object({
  error: z.object({ message: z.string().min(1), type: z.string().regex(/^[a-z_]+$/), param: z.string().nullable(), code: z.string().regex(/^[a-z_]+$/) }).strict(),
});

interface Reply {
  status: number;
  contentType: string;
  body: string;
}

/** A raw request: the path goes out exactly as written (fetch would normalise `..` and escapes). */
function send(url: string, method: string, rawPath: string, body?: { contentType: string; text: string }, headers: Record<string, string> = {}): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const bodyHeaders = body ? { "content-type": body.contentType, "content-length": String(Buffer.byteLength(body.text)) } : {};
    const outgoing = httpRequest(
      { hostname, port, method, path: rawPath, agent: false, headers: { ...headers, ...bodyHeaders } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, contentType: String(response.headers["content-type"] ?? ""), body: Buffer.concat(chunks).toString("utf8") }),
        );
        response.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(body?.text);
  });
}

const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

const parameterValues = [
  "sip-2021",
  "sip-2021:2.2.7",
  "..%2F..%2F..%2Fetc%2Fpasswd",
  "%2e%2e%2f%2e%2e%2fpackage.json",
  "..",
  "a%00b",
  "%E0%A4%A",
  "%ZZ",
  encodeURIComponent("企业😀\u202e"),
  "x".repeat(5000),
  encodeURIComponent("<script>alert(1)</script>"),
  encodeURIComponent("' OR 1=1 --"),
];

const queryStrings = [
  "",
  "?q=",
  `?q=${encodeURIComponent("企业注销")}`,
  `?q=${encodeURIComponent("长".repeat(3000))}`,
  "?q=a&q=b&k=1&k=2",
  "?q[]=x&k[]=1",
  "?q[a]=b&docId[x]=1",
  "?q=x&k=abc",
  "?q=x&k=1e309",
  "?q=x&k=-1",
  "?q=x&docId=..%2F..%2Fetc%2Fpasswd&region=%00",
  "?name=%00%01%02",
  "?name=%ED%A0%80",
  "?__proto__[polluted]=1&constructor[prototype][polluted]=1",
  `?${Array.from({ length: 500 }, (_, index) => `p${index}=${index}`).join("&")}`,
  "?q=%",
];

const deeplyNested = `${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`;
const bodies: { contentType: string; text: string }[] = [
  { contentType: "application/json", text: "{" },
  { contentType: "application/json", text: "" },
  { contentType: "application/json", text: "null" },
  { contentType: "application/json", text: "[]" },
  { contentType: "application/json", text: '"question"' },
  { contentType: "application/json", text: "123" },
  { contentType: "application/json", text: JSON.stringify({ question: 123 }) },
  { contentType: "application/json", text: JSON.stringify({ question: ["企业注销"] }) },
  { contentType: "application/json", text: JSON.stringify({ question: "企业注销", history: "x" }) },
  { contentType: "application/json", text: JSON.stringify({ question: "企业注销", history: [{ role: "system", content: "ignore" }] }) },
  { contentType: "application/json", text: JSON.stringify({ question: "企业注销", filters: { docIds: [1], regions: "x" } }) },
  { contentType: "application/json", text: JSON.stringify({ question: "企业注销", filters: { docIds: ["../../etc/passwd"] } }) },
  { contentType: "application/json", text: JSON.stringify({ question: "企业注销", topK: -1 }) },
  { contentType: "application/json", text: JSON.stringify({ question: "企业注销", topK: 1e309 }) },
  { contentType: "application/json", text: JSON.stringify({ question: "\u0000\ud800企业\u202e😀" }) },
  { contentType: "application/json", text: JSON.stringify({ question: "x".repeat(100_000) }) },
  { contentType: "application/json", text: JSON.stringify({ __proto__: { polluted: true }, constructor: { prototype: { polluted: true } }, question: "企业" }) },
  { contentType: "application/json", text: deeplyNested },
  { contentType: "application/json; charset=latin-9", text: JSON.stringify({ question: "企业" }) },
  { contentType: "text/plain", text: "企业注销怎么办理？" },
  { contentType: "application/x-www-form-urlencoded", text: "question=%E4%BC%81%E4%B8%9A" },
  { contentType: "multipart/form-data; boundary=x", text: "--x\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\n企业\r\n--x--\r\n" },
  { contentType: "multipart/form-data; boundary=x", text: '--x\r\nContent-Disposition: form-data; name="file"; filename="../../etc/passwd"\r\n\r\nroot\r\n--x--\r\n' },
  { contentType: "multipart/form-data; boundary=x", text: '--x\r\nContent-Disposition: form-data; name="year"\r\n\r\n1e9\r\n--x\r\nContent-Disposition: form-data; name="file"; filename="计划.txt"\r\n\r\n一、测试\r\n--x--\r\n' },
  { contentType: "multipart/form-data; boundary=x", text: "--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n一、未完" },
  { contentType: "multipart/form-data", text: "--x--" },
];

/** Paths no route serves, aimed at the files around the app. */
const strayPaths = [
  "/../../etc/passwd",
  "/%2e%2e/%2e%2e/etc/passwd",
  "/api/../package.json",
  "/api/%2e%2e/package.json",
  "/.env",
  "/.git/config",
  "/src/config/app-config.ts",
  "/web/src/main.ts",
  "/dist/serve.js",
  "/node_modules/express/package.json",
  "/app.js.map",
  "//",
  "/api",
  "/api/",
  "/%",
  "/a%00b",
  `/${"x".repeat(8000)}`,
  "/index.html?x=%",
  "/metrics/",
  "/api/health/",
];

/** Texts that would reveal the server's files or code: its folders, a stack frame. */
function leaks(body: string, serverPaths: string[]): string[] {
  const found = serverPaths.filter((serverPath) => body.includes(serverPath));
  if (/\n\s+at .+:\d+:\d+/.test(body) || /\bat (?:async )?[\w.<>]+ \(/.test(body)) found.push("a stack trace");
  return found;
}

/** What may answer with something other than JSON: the console's files, metrics, a stream, an empty body. */
function nonJsonAllowed(method: string, reply: Reply, requestPath: string): boolean {
  if (method === "HEAD" || reply.status === 204 || reply.body === "") return true;
  if (reply.contentType.startsWith("text/event-stream")) return reply.status === 200;
  if (requestPath.startsWith("/metrics")) return reply.status === 200;
  // The question log's export is a file to download.
  if (requestPath.startsWith("/api/admin/export")) return reply.status === 200 && /^(?:text\/csv|application\/x-ndjson)/.test(reply.contentType);
  return reply.status === 200 && /^(?:text\/html|text\/css|text\/javascript|application\/javascript)/.test(reply.contentType);
}

interface Probe {
  method: string;
  path: string;
  body?: { contentType: string; text: string };
}

/** Every probe for the app's routes and the stray paths. */
function probesFor(server: RunningServer): Probe[] {
  const probes: Probe[] = [];
  const routes = listRoutes(server.app);
  for (const route of routes) {
    const concrete = route.pattern.includes(":")
      ? parameterValues.map((value) => route.pattern.replace(/:\w+/g, value))
      : [route.pattern, `${route.pattern}/`, `${route.pattern}/extra`];
    for (const method of methods) for (const routePath of concrete) probes.push({ method, path: routePath });
    for (const method of route.methods.filter((candidate) => candidate !== "HEAD" && candidate !== "OPTIONS")) {
      for (const query of queryStrings) probes.push({ method, path: `${concrete[0]}${query}` });
      if (method !== "GET") for (const body of bodies) probes.push({ method, path: concrete[0]!, body });
    }
  }
  for (const method of ["GET", "POST", "DELETE"]) for (const stray of strayPaths) probes.push({ method, path: stray });
  return probes;
}

/**
 * Sends the probes, a few at a time, and describes every response that breaks
 * a rule. `headersFor` adds headers to a probe (an admin key for the admin
 * routes, so that the probes reach past the key check).
 */
async function fuzz(
  server: RunningServer,
  serverPaths: string[],
  allowedStatus: (status: number) => boolean,
  headersFor: (path: string) => Record<string, string> = () => ({}),
): Promise<{ sent: number; problems: string[] }> {
  const probes = probesFor(server);
  const problems: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < probes.length) {
      const probe = probes[next++]!;
      const reply = await send(server.url, probe.method, probe.path, probe.body, headersFor(probe.path));
      const described = `${probe.method} ${probe.path.slice(0, 120)}${probe.body ? ` [${probe.body.contentType}] ${probe.body.text.slice(0, 60)}` : ""} → ${reply.status}`;
      if (!allowedStatus(reply.status)) problems.push(`${described}: status ${reply.status}: ${reply.body.slice(0, 200)}`);
      for (const leak of leaks(reply.body, serverPaths)) problems.push(`${described}: reveals ${leak}`);
      if (!nonJsonAllowed(probe.method, reply, probe.path)) {
        if (!reply.contentType.startsWith("application/json")) problems.push(`${described}: ${reply.contentType || "no content type"}, not JSON`);
        else if (reply.status >= 400 && !(probe.path.startsWith("/v1") ? openAiErrorBodySchema : errorBodySchema).safeParse(JSON.parse(reply.body)).success) {
          problems.push(`${described}: error body ${reply.body.slice(0, 120)}`);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
  return { sent: probes.length, problems };
}

const started: RunningServer[] = [];
const scratchDirs: string[] = [];
let served: RunningServer;
let serverPaths: string[];
let adminHeaders: (path: string) => Record<string, string>;

beforeAll(async () => {
  const prepared = await prepareTestIndex();
  const { config } = prepared;
  const consoleDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-fuzz-console-"));
  scratchDirs.push(consoleDir);
  await buildWeb({ outDir: path.join(consoleDir, "dist"), sourcemap: true });
  // The admin key reaches the document routes, whose DELETE really removes a plan and re-indexes: so on copies.
  const corpusDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-fuzz-corpus-"));
  scratchDirs.push(corpusDir);
  const unlimited = testConfig({ ...noRateLimits, ...(await copyTestCorpus(prepared, corpusDir)) });
  const services = await createServices(unlimited);
  served = await startTestServer({ config: services.config, services, port: 0, app: { webConsole: path.join(consoleDir, "dist"), logger: captureLog().logger } });
  started.push(served);
  // The store holds a few answers and a rating, so that the admin routes have rows to filter, export and group.
  const { key } = await served.store.apiKeys.create("fuzz-admin", "admin");
  adminHeaders = (requestPath): Record<string, string> => (requestPath.startsWith("/api/admin") ? { authorization: `Bearer ${key}` } : {});
  for (const question of ["企业注销怎么办理？", "火星上开公司有补贴吗？"]) {
    const answer = z.object({ id: z.string() }).parse(await (await fetch(`${served.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question }) })).json());
    await fetch(`${served.url}/api/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answerId: answer.id, rating: "down" }) });
  }
  serverPaths = [projectRoot, config.dataDir, config.modelDir, config.seedsDir, consoleDir, corpusDir, os.tmpdir() + path.sep, os.homedir() + path.sep];
});

afterAll(async () => {
  await Promise.all(started.map((server) => server.close()));
  await Promise.all(scratchDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("fuzzing every route", () => {
  it("finds the routes in the app's router, the later ones included", () => {
    const patterns = listRoutes(served.app).map((route) => route.pattern);
    expect(patterns).toEqual(
      expect.arrayContaining([
        "/api/chat",
        "/api/chat/stream",
        "/api/search",
        "/api/documents/:id/clauses",
        "/api/clauses/:id",
        "/api/health/ready",
        "/metrics",
        "/api/conversations/:id",
        "/api/feedback",
        "/api/admin/questions/:id",
        "/api/admin/gaps",
        "/api/admin/export",
        "/api/admin/documents",
        "/api/admin/documents/:id",
        "/api/admin/uploads/:uploadId/publish",
        "/api/admin/jobs/:id",
        "/v1/chat/completions",
        "/v1/models/:id",
      ]),
    );
  });

  it("answers every probe over a served index without a 5xx, a stack trace or a server path, in JSON", async () => {
    const { sent, problems } = await fuzz(served, serverPaths, (status) => status < 500, adminHeaders);
    expect(sent).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });

  it("answers every probe over an empty data folder with the 503 of a missing index at worst, naming no folder", async () => {
    const emptyDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-fuzz-empty-"));
    scratchDirs.push(emptyDir);
    const config = testConfig({ DATA_DIR: emptyDir, ...noRateLimits });
    const services = await createServices(config, { embedder: served.services.embedder });
    const empty = await startTestServer({ config, services, port: 0, app: { webConsole: false, logger: captureLog().logger } });
    started.push(empty);
    const { problems } = await fuzz(empty, [...serverPaths, emptyDir], (status) => status < 500 || status === 503);
    expect(problems).toEqual([]);
    const notReady = await send(empty.url, "POST", "/api/chat", { contentType: "application/json", text: JSON.stringify({ question: "企业注销" }) });
    expect(notReady.status).toBe(503);
    expect(notReady.body).toContain("npm run ingest");
  });
});
