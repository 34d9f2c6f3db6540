/**
 * The compiled server (`node dist/serve.js`, what `npm start` runs) on a fresh
 * embedded store: it finds the SQL migrations from the project root and
 * applies them, stores answers and feedback, and serves the admin page built
 * beside the console.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { buildApp, startServerProcess, type ServerProcess } from "../support/server-process.js";
import { prepareTestIndex } from "../support/test-index.js";

let server: ServerProcess | undefined;
let storeDir: string;

beforeAll(async () => {
  const { dataDir } = await prepareTestIndex();
  storeDir = await mkdtemp(path.join(os.tmpdir(), "qiwen-compiled-store-"));
  await buildApp();
  server = await startServerProcess({ DATA_DIR: dataDir, PGLITE_DIR: path.join(storeDir, "pglite") });
});

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill("SIGTERM");
    await server.exited;
  }
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

describe("node dist/serve.js", () => {
  it("migrates a fresh store and keeps answers and their feedback", async () => {
    const chat = await fetch(`${server!.url}/api/chat`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-client-id": "compiled-start-1" },
      body: JSON.stringify({ question: "企业注销怎么办理？" }),
    });
    expect(chat.status).toBe(200);
    const answer = z.object({ id: z.uuid(), conversationId: z.uuid() }).parse(await chat.json());
    const rated = await fetch(`${server!.url}/api/feedback`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ answerId: answer.id, rating: "up" }) });
    expect(rated.status).toBe(200);
    const conversations = await (await fetch(`${server!.url}/api/conversations`, { headers: { "x-client-id": "compiled-start-1" } })).json();
    expect(conversations).toMatchObject({ conversations: [{ id: answer.conversationId, answers: 1 }] });
    expect(server!.output()).not.toMatch(/could not store an answer/);
  });

  it("serves the admin page and its bundle, and the console", async () => {
    const admin = await fetch(`${server!.url}/admin`);
    expect(admin.status).toBe(200);
    expect(admin.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await admin.text();
    const script = /<script[^>]+src="\/?(admin-[\w-]+\.js)"/.exec(page)?.[1];
    expect(script, page.slice(0, 500)).toBeDefined();
    const bundle = await fetch(`${server!.url}/${script}`);
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(`${server!.url}/`)).status).toBe(200);
    expect((await fetch(`${server!.url}/api/admin/questions`)).status, "the admin API still needs its key").toBe(401);
  });
});
