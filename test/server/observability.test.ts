/**
 * What operations sees: a request id on every log line and in X-Request-Id,
 * question text kept out of the logs unless LOG_QUESTIONS=true, Prometheus
 * metrics by route, answers, the index version; liveness and readiness;
 * security headers and JSON 404s outside /api; no source maps served.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RunningServer } from "../../src/server/start-server.js";
import { createServices } from "../../src/services/create-services.js";
import type { QiwenServices } from "../../src/services/qiwen-services.js";
import { buildWeb } from "../../web/build-web.js";
import { captureLog } from "../support/capture-log.js";
import { prepareTestIndex, testConfig } from "../support/test-index.js";
import { startTestServer } from "../support/test-store.js";

const question = "园区新开办企业刻公章有补贴吗？";
const started: RunningServer[] = [];
const scratch: string[] = [];
let services: QiwenServices;

beforeAll(async () => {
  const { config } = await prepareTestIndex();
  services = await createServices(config);
});

afterAll(async () => {
  await Promise.all(started.map((server) => server.close()));
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function serverWith(env: Record<string, string>, log = captureLog(), webConsole: string | false = false) {
  const config = testConfig(env);
  const server = await startTestServer({ config, port: 0, services: { ...services, config }, app: { webConsole, logger: log.logger } });
  started.push(server);
  return { server, log };
}

const chat = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/chat`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ question }) });

/** The same question through the OpenAI-compatible endpoint, behind a system message. */
const completion = (url: string, content = question) =>
  fetch(`${url}/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ model: "qiwen", messages: [{ role: "system", content: "你是客服" }, { role: "user", content }] }),
  });

describe("request logs", () => {
  it("puts a request id on the response and on the request's log line, keeping a sane incoming one", async () => {
    const { server, log } = await serverWith({});
    const fresh = await chat(server.url);
    const id = fresh.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await chat(server.url, { "x-request-id": "lb-7f3a.42" });
    expect(kept.headers.get("x-request-id")).toBe("lb-7f3a.42");
    const replaced = await chat(server.url, { "x-request-id": `<script>${"x".repeat(300)}` });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    await expect.poll(() => log.entries().filter((entry) => entry.msg === "request").length).toBe(3);
    const lines = log.entries().filter((entry) => entry.msg === "request");
    expect(lines.map((entry) => entry.reqId)).toEqual([id, "lb-7f3a.42", replaced.headers.get("x-request-id")]);
    expect(lines[0]).toMatchObject({ method: "POST", path: "/api/chat", route: "/api/chat", status: 200, level: "info" });
  });

  it("keeps question text (chat, search, /v1 messages) out of the logs unless LOG_QUESTIONS=true", async () => {
    const quiet = await serverWith({});
    await chat(quiet.server.url);
    await fetch(`${quiet.server.url}/api/search?q=${encodeURIComponent("公章刻制补贴")}`);
    await completion(quiet.server.url, "企业注销怎么办理？");
    await expect.poll(() => quiet.log.entries().filter((entry) => entry.msg === "request").length).toBe(3);
    expect(quiet.log.raw().join("")).not.toMatch(/公章|注销/);
    expect(quiet.log.entries().find((entry) => entry.path === "/api/search")).toMatchObject({ query: ["q"] });

    const loud = await serverWith({ LOG_QUESTIONS: "true" });
    await chat(loud.server.url);
    await fetch(`${loud.server.url}/api/search?q=${encodeURIComponent("公章刻制补贴")}`);
    await completion(loud.server.url, "企业注销怎么办理？");
    await expect.poll(() => loud.log.entries().filter((entry) => entry.msg === "request").length).toBe(3);
    expect(loud.log.entries().map((entry) => entry.question)).toEqual([question, "公章刻制补贴", "企业注销怎么办理？"]);
  });

  it("logs an unexpected error with the request id, and answers a bare 500", async () => {
    const { server, log } = await serverWith({});
    const broken = await startTestServer({
      config: server.services.config,
      port: 0,
      services: { ...services, answers: { ...services.answers, answer: () => Promise.reject(new Error("boom at /srv/secret/path")) } },
      app: { webConsole: false, logger: log.logger },
    });
    started.push(broken);
    const response = await chat(broken.url);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "internal_error", message: "internal server error" } });
    await expect.poll(() => log.entries().some((entry) => entry.level === "error")).toBe(true);
    const error = log.entries().find((entry) => entry.level === "error")!;
    expect(error.reqId).toBe(response.headers.get("x-request-id"));
    expect(JSON.stringify(error)).toContain("boom");
  });
});

describe("GET /metrics", () => {
  it("counts requests by route and status, answers by mode and answerable, feedback, and names the index version", async () => {
    const { server } = await serverWith({});
    const scrape = async () => (await (await fetch(`${server.url}/metrics`)).text()).split("\n");
    const value = (lines: string[], prefix: string) => Number(lines.find((line) => line.startsWith(prefix))?.split(" ").at(-1) ?? 0);
    const before = await scrape();
    const answer = z.object({ id: z.string() }).parse(await (await chat(server.url)).json());
    await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "北京中关村的研发补贴有多少？" }) });
    expect((await completion(server.url)).status).toBe(200);
    await fetch(`${server.url}/api/documents/nope/clauses`);
    const rated = await fetch(`${server.url}/api/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answerId: answer.id, rating: "down" }) });
    expect(rated.status).toBe(200);
    const after = await scrape();

    expect(value(after, 'qiwen_http_requests_total{method="POST",route="/api/chat",status="200"}') - value(before, 'qiwen_http_requests_total{method="POST",route="/api/chat",status="200"}')).toBe(2);
    expect(value(after, 'qiwen_http_requests_total{method="GET",route="/api/documents/:id/clauses",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(after.some((line) => line.startsWith('qiwen_http_request_duration_seconds_bucket{le="0.5",method="POST",route="/api/chat",status="200"}'))).toBe(true);
    const answered = 'qiwen_answers_total{mode="extractive",answerable="true"}';
    const refused = 'qiwen_answers_total{mode="extractive",answerable="false"}';
    expect(value(after, answered) - value(before, answered), "the /api/chat answer and the /v1 one").toBe(2);
    expect(value(after, refused) - value(before, refused)).toBe(1);
    expect(value(after, 'qiwen_feedback_total{rating="down"}') - value(before, 'qiwen_feedback_total{rating="down"}')).toBe(1);
    const { manifest } = await services.index.current();
    expect(value(after, `qiwen_index_info{version="${manifest.version}"}`)).toBe(1);
    expect(after.some((line) => line.startsWith("process_resident_memory_bytes"))).toBe(true);
    // Paths no route serves share one label, whatever a scanner tries.
    expect(after.filter((line) => line.includes("/nope"))).toEqual([]);
  });
});

describe("health", () => {
  it("/api/health/live answers while /api/health/ready runs a real retrieval, and is 503 without an index", async () => {
    const { server } = await serverWith({});
    expect(await (await fetch(`${server.url}/api/health/live`)).json()).toMatchObject({ live: true });
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(200);
    const body = z.object({ ready: z.literal(true), clauses: z.number(), indexVersion: z.string(), retrievalMs: z.number() }).parse(await ready.json());
    expect(body.clauses).toBeGreaterThan(200);

    const emptyDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-ready-empty-"));
    scratch.push(emptyDir);
    const config = testConfig({ DATA_DIR: emptyDir });
    const emptyServices = await createServices(config, { embedder: services.embedder });
    const empty = await startTestServer({ config, port: 0, services: emptyServices, app: { webConsole: false, logger: captureLog().logger } });
    started.push(empty);
    expect((await fetch(`${empty.url}/api/health/live`)).status).toBe(200);
    const notReady = await fetch(`${empty.url}/api/health/ready`);
    expect(notReady.status).toBe(503);
    const text = await notReady.text();
    expect(JSON.parse(text)).toMatchObject({ ready: false, error: { code: "index_not_ready" } });
    expect(text).toContain("npm run ingest");
    expect(text).not.toContain(emptyDir);
  });

  it("fails readiness when retrieval fails, while liveness stays up", async () => {
    const config = testConfig({});
    const failing = { ...services, retriever: { retrieve: () => Promise.reject(new Error("lance table unreadable")) } };
    const server = await startTestServer({ config, port: 0, services: failing, app: { webConsole: false, logger: captureLog().logger } });
    started.push(server);
    expect((await fetch(`${server.url}/api/health/live`)).status).toBe(200);
    const ready = await fetch(`${server.url}/api/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, error: { code: "retrieval_failed" } });
  });
});

describe("headers, 404s and source maps", () => {
  it("sends the security headers, answers unknown paths outside /api in JSON, and serves no source map", async () => {
    const consoleDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-console-"));
    scratch.push(consoleDir);
    // A development build with maps, to show they are not served even when present.
    const built = await buildWeb({ outDir: path.join(consoleDir, "dist"), sourcemap: true });
    const maps = (await readdir(built)).filter((file) => file.endsWith(".map"));
    expect(maps.length).toBeGreaterThan(0);
    const { server } = await serverWith({}, captureLog(), built);

    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("x-powered-by")).toBeNull();

    for (const map of maps) {
      const response = await fetch(`${server.url}/${map}`);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toMatch(/application\/json/);
    }
    const stray = await fetch(`${server.url}/wp-login.php`);
    expect(stray.status).toBe(404);
    expect(await stray.json()).toEqual({ error: { code: "not_found", message: "no such endpoint: GET /wp-login.php" } });
    const wrongMethod = await fetch(server.url, { method: "POST" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
