/**
 * SIGTERM under load, on the real server process (`node dist/serve.js`, what
 * `npm start` runs): requests in flight finish, new connections are refused
 * (not reset or answered with a 5xx), streams end with a final event, and the
 * process exits within 10 s.
 */
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../support/fake-openai-server.js";
import { parseChatStream } from "../support/read-sse.js";
import { buildApp, startServerProcess, type ServerProcess } from "../support/server-process.js";
import { prepareTestIndex } from "../support/test-index.js";

/** What became of one request. */
type Outcome = { kind: "ok"; body: string } | { kind: "refused" } | { kind: "failed"; path: string; reason: string };

/** One request on a new connection (no keep-alive: each request is a connection a proxy would open). */
function send(url: string, path: string, body?: unknown): Promise<Outcome> {
  return new Promise((resolve) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const outgoing = httpRequest(
      `${url}${path}`,
      { method: payload ? "POST" : "GET", agent: false, headers: payload ? { "content-type": "application/json" } : {} },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () =>
          resolve(
            response.statusCode === 200 && response.complete
              ? { kind: "ok", body: text }
              : { kind: "failed", path, reason: `status ${response.statusCode}${response.complete ? "" : " (cut short)"}: ${text.slice(0, 200)}` },
          ),
        );
        response.on("error", (error) => resolve({ kind: "failed", path, reason: `response: ${error.message}` }));
      },
    );
    outgoing.on("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "ECONNREFUSED" ? { kind: "refused" } : { kind: "failed", path, reason: `${error.code ?? ""} ${error.message}` }),
    );
    outgoing.end(payload);
  });
}

const questions = ["企业注销怎么办理？", "园区新开办企业刻公章有补贴吗？", "相城区的工程建设项目审批怎么提速？", "嘉定区对中小企业融资有什么支持？"];

let dataDir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ({ dataDir } = await prepareTestIndex());
  await buildApp();
});

afterAll(() => {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill("SIGKILL");
});

describe("SIGTERM", () => {
  it("finishes the 16 requests in flight, refuses new connections cleanly, and exits within 10 s", async () => {
    // A model that takes 1.5 s makes "in flight" observable: a request the fake has received is inside the server.
    const llm = await startFakeOpenAI();
    llm.replyWith(() => ({ text: "根据文件，企业注销可以在网上办理。", delayMs: 1_500 }));
    try {
      const server = await startServerProcess({ DATA_DIR: dataDir, ANSWER_MODE: "llm", OPENAI_API_KEY: "sk-fake", OPENAI_BASE_URL: llm.baseURL, RATE_LIMIT_CHAT_PER_MIN: "0" });
      servers.push(server);
      const inFlight = Array.from({ length: 16 }, (_, index) =>
        send(server.url, index % 4 === 0 ? "/api/chat/stream" : "/api/chat", { question: questions[index % questions.length] }),
      );
      await expect.poll(() => llm.requests.length, { timeout: 60_000 }).toBe(16);
      const sigtermAt = Date.now();
      server.child.kill("SIGTERM");
      // Once the server says it is shutting down it has stopped listening: new connections are refused.
      await expect.poll(() => server.output().includes("shutting down"), { timeout: 5_000 }).toBe(true);
      const afterwards = await Promise.all([send(server.url, "/api/chat", { question: questions[0] }), send(server.url, "/api/health/live")]);
      const outcomes = await Promise.all(inFlight);
      const exit = await server.exited;

      expect(outcomes.filter((outcome) => outcome.kind !== "ok"), "requests in flight that did not finish").toEqual([]);
      for (const outcome of outcomes) {
        const body = (outcome as { body: string }).body;
        if (body.startsWith("event:")) expect(parseChatStream(body).at(-1)?.event, "a stream in flight ends with its done event").toBe("done");
        else expect(JSON.parse(body)).toHaveProperty("answer");
      }
      expect(afterwards.map((outcome) => outcome.kind), "connections after SIGTERM").toEqual(["refused", "refused"]);
      expect(exit.code, server.output().slice(-2000)).toBe(0);
      expect(exit.at - sigtermAt, "time from SIGTERM to exit").toBeLessThan(10_000);
      expect(server.output()).toContain("shut down cleanly");
    } finally {
      await llm.close();
    }
  });

  it("ends a stream still waiting for its answer with a final event, then exits within 10 s", async () => {
    const llm = await startFakeOpenAI();
    llm.replyWith(() => ({ hang: true }));
    try {
      const server = await startServerProcess({ DATA_DIR: dataDir, ANSWER_MODE: "llm", OPENAI_API_KEY: "sk-fake", OPENAI_BASE_URL: llm.baseURL, LLM_TIMEOUT_MS: "60000" });
      servers.push(server);
      const streamed = send(server.url, "/api/chat/stream", { question: questions[0] });
      await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBeGreaterThan(0);
      const sigtermAt = Date.now();
      server.child.kill("SIGTERM");
      const outcome = await streamed;
      const exit = await server.exited;
      expect(outcome.kind, JSON.stringify(outcome)).toBe("ok");
      const events = parseChatStream((outcome as { body: string }).body);
      expect(events.at(-1)).toMatchObject({ event: "error", data: { error: { code: "shutting_down" } } });
      expect(exit.at - sigtermAt, "time from SIGTERM to exit").toBeLessThan(10_000);
      expect(exit.code).toBe(0);
    } finally {
      await llm.close();
    }
  });
});
