/**
 * SIGTERM under load, on the real server process (`node dist/serve.js`, what
 * `npm start` runs): requests in flight finish, new connections are refused
 * (not reset or answered with a 5xx), streams end with a final event, and the
 * process exits within 10 s.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeOpenAI } from "../support/fake-openai-server.js";
import { parseChatStream } from "../support/read-sse.js";
import { buildApp, startServerProcess, type ServerProcess } from "../support/server-process.js";
import { prepareTestIndex } from "../support/test-index.js";
import { initialisedPgliteDir } from "../support/test-store.js";

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

// Questions the documents answer, so each goes to the model (a "how long" the plans leave open is answered without it).
const questions = ["企业注销怎么办理？", "园区新开办企业刻公章有补贴吗？", "相城区的工程建设项目审批怎么提速？", "嘉定区对中小企业融资有什么支持？"];

let dataDir: string;
/** This file's own embedded store (from the template, no initdb), beside the shared index; its servers run one after the other. */
let storeDir: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  ({ dataDir } = await prepareTestIndex());
  storeDir = await initialisedPgliteDir(await mkdtemp(path.join(os.tmpdir(), "qiwen-shutdown-store-")));
  await buildApp();
});

/** A server on the shared index and this file's store, answering through the fake model at `baseURL`. */
const llmServerEnv = (baseURL: string) => ({ DATA_DIR: dataDir, PGLITE_DIR: storeDir, ANSWER_MODE: "llm", OPENAI_API_KEY: "sk-fake", OPENAI_BASE_URL: baseURL });

async function stopLeftRunning(): Promise<void> {
  for (const server of servers) if (server.child.exitCode === null) server.child.kill("SIGKILL");
  await Promise.all(servers.map((server) => server.exited));
}

afterAll(async () => {
  await stopLeftRunning();
  if (storeDir) await rm(path.dirname(storeDir), { recursive: true, force: true });
});

describe("SIGTERM", () => {
  it("finishes the 16 requests in flight, refuses new connections cleanly, and exits within 10 s", async () => {
    // A model that takes 1.5 s makes "in flight" observable: a request the fake has received is inside the server.
    const llm = await startFakeOpenAI();
    llm.replyWith(() => ({ text: "根据文件，企业注销可以在网上办理。", delayMs: 1_500 }));
    try {
      const server = await startServerProcess({ ...llmServerEnv(llm.baseURL), RATE_LIMIT_CHAT_PER_MIN: "0" });
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

  it("ends streams still waiting for their answer with a final event (/api/chat/stream's error, /v1's [DONE]), then exits within 10 s", async () => {
    // A server the test before left running (it failed) holds the store's lock.
    await stopLeftRunning();
    const llm = await startFakeOpenAI();
    llm.replyWith(() => ({ hang: true }));
    try {
      const server = await startServerProcess({ ...llmServerEnv(llm.baseURL), LLM_TIMEOUT_MS: "60000" });
      servers.push(server);
      const streamed = send(server.url, "/api/chat/stream", { question: questions[0] });
      const completion = send(server.url, "/v1/chat/completions", { model: "qiwen", stream: true, messages: [{ role: "user", content: questions[1] }] });
      await expect.poll(() => llm.requests.length, { timeout: 10_000 }).toBe(2);
      const sigtermAt = Date.now();
      server.child.kill("SIGTERM");
      const [outcome, openAiOutcome] = await Promise.all([streamed, completion]);
      const exit = await server.exited;
      expect(outcome.kind, JSON.stringify(outcome)).toBe("ok");
      const events = parseChatStream((outcome as { body: string }).body);
      expect(events.at(-1)).toMatchObject({ event: "error", data: { error: { code: "shutting_down" } } });
      expect(openAiOutcome.kind, JSON.stringify(openAiOutcome)).toBe("ok");
      const chunks = (openAiOutcome as { body: string }).body.split("\n\n").filter((chunk) => chunk !== "" && !chunk.startsWith(":"));
      expect(chunks[0], "the stream had started: the assistant's first chunk").toMatch(/^data: \{.*"role":"assistant"/);
      expect(chunks.at(-1), "an OpenAI client reads the end of a stream").toBe("data: [DONE]");
      expect(exit.at - sigtermAt, "time from SIGTERM to exit").toBeLessThan(10_000);
      expect(exit.code).toBe(0);
    } finally {
      await llm.close();
    }
  });
});
