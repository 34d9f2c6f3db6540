/**
 * Malformed and hostile input to every route this service added (chat with
 * conversations, conversations, feedback, admin, /v1): a few hundred
 * requests from a seeded generator. None may answer 5xx, and no body may
 * carry a stack trace or a server path.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/start-server.js";
import type { ServiceStore } from "../../src/store-sql/service-store.js";
import { noRateLimits, prepareTestIndex, testConfig } from "../support/test-index.js";
import { openTestStore, startTestServer } from "../support/test-store.js";

let server: RunningServer;
let store: ServiceStore;
let adminKey: string;

beforeAll(async () => {
  await prepareTestIndex();
  const config = testConfig(noRateLimits);
  store = await openTestStore(config);
  server = await startTestServer({ config, store, port: 0, app: { webConsole: false } });
  adminKey = (await store.apiKeys.create("fuzz-admin", "admin")).key;
});

afterAll(async () => {
  await server.close();
  await store.close();
});

/** mulberry32: the same requests on every run, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let value = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(20250301);
const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

const strangeValues: unknown[] = [
  null, true, 0, -1, 1e308, "", " ", "企业开办", "x".repeat(5000), "\u0000", "../../etc/passwd", "%", "<script>", "'; DROP TABLE answers; --",
  ["up"], { $ne: null }, "00000000-0000-4000-8000-000000000000", "up", "down", "2025-03-01", "+275760-09-13", "qiwen",
];
const strangeQuery = ["", "x", "true", "false", "up", "2025-02-30", "9999-01-01", "-1", "1e9", "%E4%B8%AD", "%ZZ", "csv", "jsonl", "[]"];

function body(): unknown {
  const fields = ["question", "conversationId", "history", "filters", "topK", "answerId", "rating", "reason", "comment", "model", "messages", "stream", "user"];
  const result: Record<string, unknown> = {};
  for (const field of fields) if (next() < 0.4) result[field] = pick(strangeValues);
  if (next() < 0.3) result.messages = [{ role: pick(["user", "system", "assistant", "tool", 7]), content: pick(strangeValues) }];
  return next() < 0.1 ? pick(strangeValues) : result;
}

function query(names: readonly string[]): string {
  return names
    .filter(() => next() < 0.5)
    .map((name) => `${name}=${pick(strangeQuery)}`)
    .join("&");
}

describe("fuzzing the hotline routes", () => {
  it("answers every malformed request with a 4xx (or 200), never a 5xx, a stack trace or a path", async () => {
    const headerSets: Record<string, string>[] = [{}, { authorization: `Bearer ${adminKey}` }, { authorization: "Bearer qw_000000000000_" + "A".repeat(43) }, { "x-client-id": pick(["ok-client-1", "bad id", "x".repeat(100)]) }, { "x-api-key": "" }];
    const requests: { method: string; path: string; body?: string; headers: Record<string, string> }[] = [];
    for (let index = 0; index < 300; index++) {
      const headers: Record<string, string> = { ...pick(headerSets) };
      const route = pick([
        () => ({ method: "POST", path: "/api/chat" }),
        () => ({ method: "POST", path: "/api/chat/stream" }),
        () => ({ method: "POST", path: "/api/feedback" }),
        () => ({ method: "GET", path: `/api/conversations?${query(["limit"])}` }),
        () => ({ method: "GET", path: `/api/conversations/${encodeURIComponent(String(pick(strangeValues)))}` }),
        () => ({ method: "GET", path: `/api/admin/questions?${query(["refused", "rating", "docId", "from", "to", "mode", "limit", "after"])}` }),
        () => ({ method: "GET", path: `/api/admin/questions/${encodeURIComponent(String(pick(strangeValues)))}` }),
        () => ({ method: "GET", path: `/api/admin/gaps?${query(["from", "to", "limit"])}` }),
        () => ({ method: "GET", path: `/api/admin/export?${query(["format", "refused", "rating", "from", "to"])}` }),
        () => ({ method: "POST", path: "/v1/chat/completions" }),
        () => ({ method: "GET", path: `/v1/models/${encodeURIComponent(String(pick(strangeValues)))}` }),
        () => ({ method: pick(["PUT", "DELETE", "PATCH"]), path: pick(["/api/feedback", "/v1/chat/completions", "/api/admin/gaps"]) }),
      ])();
      const raw = next() < 0.15 ? pick(["{", "[1,", "null", '{"question":', "\u00ff\u00fe"]) : JSON.stringify(body());
      requests.push(route.method === "GET" ? { ...route, headers } : { ...route, headers: { ...headers, "content-type": "application/json" }, body: raw });
    }
    const failures: string[] = [];
    for (const request of requests) {
      const response = await fetch(`${server.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
      const text = await response.text();
      if (response.status >= 500 || /\n\s+at |\/work\/|\/tmp\/|node_modules/.test(text)) {
        failures.push(`${request.method} ${request.path} ${request.body?.slice(0, 80) ?? ""} → ${response.status} ${text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
