/**
 * The server's timeouts, on a real listening server with short settings: a
 * client that never finishes its headers or its body gets a 408 and is
 * disconnected, an idle keep-alive connection is closed, and a stream that
 * outlasts the request timeout is not cut by it.
 */
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningServer } from "../../src/server/start-server.js";
import { createServices } from "../../src/services/create-services.js";
import { captureLog } from "../support/capture-log.js";
import { startFakeOpenAI } from "../support/fake-openai-server.js";
import { parseChatStream } from "../support/read-sse.js";
import { prepareTestIndex, testConfig } from "../support/test-index.js";
import { startTestServer } from "../support/test-store.js";

const timeouts = { HTTP_HEADERS_TIMEOUT_MS: "1000", HTTP_REQUEST_TIMEOUT_MS: "2000", HTTP_KEEP_ALIVE_TIMEOUT_MS: "500" };
let server: RunningServer;
let llm: Awaited<ReturnType<typeof startFakeOpenAI>>;

beforeAll(async () => {
  await prepareTestIndex();
  llm = await startFakeOpenAI();
  const config = testConfig({ ...timeouts, ANSWER_MODE: "llm", OPENAI_API_KEY: "sk-fake", OPENAI_BASE_URL: llm.baseURL });
  server = await startTestServer({ config, port: 0, services: await createServices(config), app: { webConsole: false, logger: captureLog().logger } });
});

afterAll(async () => {
  await server?.close();
  await llm?.close();
});

/** Writes `text` on a raw connection and collects what comes back until the server closes it (or `waitMs` passes). */
function rawExchange(text: string, waitMs: number): Promise<{ received: string; closedAfterMs: number | null }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve) => {
    const started = Date.now();
    let received = "";
    const socket: Socket = connect(Number(port), hostname, () => socket.write(text));
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ received, closedAfterMs: null });
    }, waitMs);
    socket.on("close", () => {
      clearTimeout(giveUp);
      resolve({ received, closedAfterMs: Date.now() - started });
    });
    socket.on("error", () => undefined);
  });
}

describe("server timeouts", () => {
  it("answers 408 and disconnects a client that never finishes its headers (HTTP_HEADERS_TIMEOUT_MS)", async () => {
    const { received, closedAfterMs } = await rawExchange("GET /api/health HTTP/1.1\r\nHost: qiwen\r\nX-Slow: ", 10_000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).not.toBeNull();
    expect(closedAfterMs!).toBeLessThan(4_000);
  });

  it("answers 408 and disconnects a client whose body never arrives (HTTP_REQUEST_TIMEOUT_MS)", async () => {
    const head = "POST /api/chat HTTP/1.1\r\nHost: qiwen\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n";
    const { received, closedAfterMs } = await rawExchange(`${head}{"question":`, 10_000);
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs!).toBeGreaterThanOrEqual(1_500);
    expect(closedAfterMs!).toBeLessThan(5_000);
  });

  it("closes an idle keep-alive connection after HTTP_KEEP_ALIVE_TIMEOUT_MS", async () => {
    const { received, closedAfterMs } = await rawExchange("GET /api/health/live HTTP/1.1\r\nHost: qiwen\r\n\r\n", 10_000);
    expect(received).toMatch(/^HTTP\/1\.1 200/);
    expect(received).toMatch(/Keep-Alive: timeout=/i);
    expect(closedAfterMs!).toBeLessThan(3_000);
  });

  it("lets a stream run past the request timeout: it bounds receiving the request, not the answer", async () => {
    llm.replyWith(() => ({ text: "根据文件，企业注销可以网上办理。", delayMs: 3_000 }));
    const started = Date.now();
    const response = await fetch(`${server.url}/api/chat/stream`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ question: "企业注销怎么办理？" }),
    });
    const events = parseChatStream(await response.text());
    expect(Date.now() - started).toBeGreaterThan(2_500);
    expect(events.at(-1)?.event).toBe("done");
  });
});
