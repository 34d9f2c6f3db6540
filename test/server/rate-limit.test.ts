/**
 * Rate limits as a hotline centre meets them: agents behind one reverse
 * proxy, each with its own bucket once TRUST_PROXY trusts the proxy, and one
 * shared bucket (the proxy's address) when it does not; search limited like
 * chat; 0 turning a limit off; limits per API key when auth names one.
 */
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../../src/config/app-config.js";
import { createLogger } from "../../src/observability/logger.js";
import { createApp } from "../../src/server/create-app.js";
import { createRateLimiter } from "../../src/server/rate-limit.js";
import type { RunningServer } from "../../src/server/start-server.js";
import { createServices } from "../../src/services/create-services.js";
import type { QiwenServices } from "../../src/services/qiwen-services.js";
import type { ServiceStore } from "../../src/store-sql/service-store.js";
import { prepareTestIndex, testConfig } from "../support/test-index.js";
import { openTestStore, startTestServer } from "../support/test-store.js";

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).strict();
const started: RunningServer[] = [];
let services: QiwenServices;
let store: ServiceStore;

beforeAll(async () => {
  const { config } = await prepareTestIndex();
  services = await createServices(config);
  store = await openTestStore(config);
});

afterAll(async () => {
  await Promise.all(started.map((server) => server.close()));
  await store?.close();
});

/** A server over the shared services and store with these settings. */
async function serverWith(env: Record<string, string>): Promise<RunningServer> {
  const config = testConfig(env);
  const server = await startTestServer({ config, port: 0, services: { ...services, config }, store, app: { webConsole: false } });
  started.push(server);
  return server;
}

/**
 * 32 agents behind one proxy (distinct X-Forwarded-For, one socket address),
 * each asking once per `intervalMs`, `rounds` times; the statuses in order.
 */
async function agentsBehindProxy(url: string, { rounds, intervalMs }: { rounds: number; intervalMs: number }): Promise<Response[]> {
  const questions = ["企业注销怎么办理？", "园区新开办企业刻公章有补贴吗？", "相城区工程建设项目审批要多久？", "嘉定区对中小企业融资有什么支持？"];
  const pending: Promise<Response>[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round > 0) await new Promise((resolve) => setTimeout(resolve, intervalMs));
    for (let agent = 0; agent < 32; agent++) {
      pending.push(
        fetch(`${url}/api/chat`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-forwarded-for": `10.20.0.${agent + 1}` },
          body: JSON.stringify({ question: questions[(agent + round) % questions.length] }),
        }),
      );
    }
  }
  return Promise.all(pending);
}

describe("chat limit behind a reverse proxy", () => {
  it("gives 32 agents asking every 20 s for a minute their own buckets with TRUST_PROXY: 0 × 429", async () => {
    // A minute compressed to 6 s: the limit counts over RATE_LIMIT_WINDOW_MS, the agents ask every 2 s.
    const server = await serverWith({ TRUST_PROXY: "loopback", RATE_LIMIT_CHAT_PER_MIN: "60", RATE_LIMIT_WINDOW_MS: "6000" });
    const responses = await agentsBehindProxy(server.url, { rounds: 3, intervalMs: 2_000 });
    expect(responses).toHaveLength(96);
    expect(responses.map((response) => response.status).filter((status) => status !== 200)).toEqual([]);
  });

  it("counts every agent against the proxy's one bucket without TRUST_PROXY: X-Forwarded-For does not split it", async () => {
    const server = await serverWith({ RATE_LIMIT_CHAT_PER_MIN: "60" });
    const responses = await agentsBehindProxy(server.url, { rounds: 3, intervalMs: 200 });
    const limited = responses.filter((response) => response.status === 429);
    expect(limited).toHaveLength(96 - 60);
    const body = errorSchema.parse(await limited[0]!.json());
    expect(body.error.code).toBe("rate_limited");
    expect(body.error.message).toMatch(/请求过于频繁.*at most 60 per 1 min/);
    expect(Number(limited[0]!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited[0]!.headers.get("ratelimit-policy")).toContain("60");
  });

  it("trusts only the hops TRUST_PROXY names: with 1, the client is the address the proxy appended", async () => {
    const server = await serverWith({ TRUST_PROXY: "1", RATE_LIMIT_CHAT_PER_MIN: "2" });
    const ask = (forwardedFor: string) =>
      fetch(`${server.url}/api/chat`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": forwardedFor },
        body: JSON.stringify({ question: "企业注销怎么办理？" }),
      });
    // A client forging its own X-Forwarded-For before the proxy's entry still lands in its real bucket.
    expect((await ask("1.1.1.1, 10.30.0.7")).status).toBe(200);
    expect((await ask("2.2.2.2, 10.30.0.7")).status).toBe(200);
    expect((await ask("3.3.3.3, 10.30.0.7")).status).toBe(429);
    expect((await ask("10.30.0.8")).status).toBe(200);
  });
});

describe("search and switches", () => {
  it("limits /api/search by RATE_LIMIT_SEARCH_PER_MIN, and 0 turns the chat limit off", async () => {
    const server = await serverWith({ RATE_LIMIT_SEARCH_PER_MIN: "3", RATE_LIMIT_CHAT_PER_MIN: "0" });
    const searches = [];
    for (let index = 0; index < 4; index++) searches.push((await fetch(`${server.url}/api/search?q=${encodeURIComponent("企业开办")}&k=50`)).status);
    expect(searches).toEqual([200, 200, 200, 429]);
    const chats = [];
    for (let index = 0; index < 5; index++) {
      const response = await fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ question: "" }) });
      chats.push(response.status);
    }
    expect(chats, "invalid questions, but never limited").toEqual([400, 400, 400, 400, 400]);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});

describe("per API key", () => {
  it("counts a request that carries a key against the key, whatever its address; one without against its IP", async () => {
    const app = express();
    app.set("trust proxy", "loopback");
    // Stands in for the auth middleware, which runs before the limiter and names the key in response.locals.apiKey.
    app.use((request, response, next) => {
      const key = request.get("x-test-key");
      if (key) response.locals.apiKey = { id: key, name: `agent ${key}`, role: "agent" };
      next();
    });
    app.use(createRateLimiter(2, 60_000, createLogger({ level: "silent", questions: false })));
    app.get("/ask", (_request, response) => void response.json({ ok: true }));
    app.use(((error, _request, response, _next) => void response.status(error.status ?? 500).json({ code: error.code })) as express.ErrorRequestHandler);
    const listening = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => listening.once("listening", resolve));
    const url = `http://127.0.0.1:${(listening.address() as { port: number }).port}/ask`;
    try {
      const ask = async (headers: Record<string, string>) => (await fetch(url, { headers })).status;
      expect(await ask({ "x-test-key": "a", "x-forwarded-for": "10.0.0.1" })).toBe(200);
      expect(await ask({ "x-test-key": "a", "x-forwarded-for": "10.0.0.2" })).toBe(200);
      expect(await ask({ "x-test-key": "a", "x-forwarded-for": "10.0.0.3" }), "key a's third request, from a third address").toBe(429);
      expect(await ask({ "x-test-key": "b", "x-forwarded-for": "10.0.0.1" }), "another key from the same address").toBe(200);
      expect(await ask({ "x-forwarded-for": "10.0.0.1" }), "no key: the address's own bucket").toBe(200);
    } finally {
      await new Promise((resolve) => listening.close(resolve));
    }
  });
});

describe("per API key, through the real authentication", () => {
  it("keys /api/chat and /v1 on the key the request carries, and answers /v1's 429 in OpenAI's shape", async () => {
    const server = await serverWith({ TRUST_PROXY: "loopback", RATE_LIMIT_CHAT_PER_MIN: "2", RATE_LIMIT_V1_PER_MIN: "1" });
    const agent = (await store.apiKeys.create("坐席 limits", "agent")).key;
    const chat = (headers: Record<string, string>) =>
      fetch(`${server.url}/api/chat`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ question: "企业注销怎么办理？" }) }).then(
        (response) => response.status,
      );
    const withKey = (forwardedFor: string) => ({ authorization: `Bearer ${agent}`, "x-forwarded-for": forwardedFor });
    expect(await chat(withKey("10.40.0.1"))).toBe(200);
    expect(await chat(withKey("10.40.0.2"))).toBe(200);
    expect(await chat(withKey("10.40.0.3")), "the key's third request, from a third address").toBe(429);
    expect(await chat({ "x-forwarded-for": "10.40.0.3" }), "no key: that address's own bucket").toBe(200);

    const models = () => fetch(`${server.url}/v1/models`, { headers: withKey("10.40.0.4") });
    expect((await models()).status).toBe(200);
    const limited = await models();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { type: "rate_limit_error", code: "rate_limited" } });
  });
});

describe("TRUST_PROXY setting", () => {
  it.each([
    ["1", 1],
    ["true", true],
    ["false", false],
    ["loopback", "loopback"],
    ["10.0.0.0/8, loopback", "10.0.0.0/8, loopback"],
  ])("reads %s as Express's trust proxy value", (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).server.trustProxy).toEqual(expected);
  });

  it("defaults to trusting no proxy and names the variable when a value is wrong", () => {
    expect(loadConfig({}).server.trustProxy).toBe(false);
    expect(() => loadConfig({ TRUST_PROXY: "my proxy; rm" })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ RATE_LIMIT_CHAT_PER_MIN: "-1" })).toThrow(/RATE_LIMIT_CHAT_PER_MIN/);
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: "60000", HTTP_REQUEST_TIMEOUT_MS: "30000" })).toThrow(/HTTP_HEADERS_TIMEOUT_MS/);
  });

  it("refuses an address Express cannot compile, naming TRUST_PROXY", () => {
    const config = testConfig({ TRUST_PROXY: "10.0.0.300" });
    expect(() => createApp({ ...services, config }, store)).toThrow(/TRUST_PROXY: .*10\.0\.0\.300/);
  });
});
