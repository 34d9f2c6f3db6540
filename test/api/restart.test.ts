/**
 * A hotline agent's conversation and the feedback on it are still there after
 * the server restarts, on the embedded store (PGlite in DATA_DIR's folder) and
 * on PostgreSQL.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { AppConfig } from "../../src/config/app-config.js";
import { startServer } from "../../src/server/start-server.js";
import { createServices } from "../../src/services/create-services.js";
import type { QiwenServices } from "../../src/services/qiwen-services.js";
import type { ServiceStore } from "../../src/store-sql/service-store.js";
import { prepareTestIndex } from "../support/test-index.js";
import { createTestSchema, openTestStore, pgliteTemplate, postgresSkipReason, postgresUrl, storeConfig } from "../support/test-store.js";

if (!postgresUrl) console.warn(postgresSkipReason);

let services: QiwenServices;
let config: AppConfig;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  ({ config } = await prepareTestIndex());
  services = await createServices(config);
});

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const client = { "content-type": "application/json", "x-client-id": "agent-console-07" };
// Parsed without the other fields, so that the comparison below reads as what an agent sees again.
const turnsSchema = z.object({ turns: z.array(z.object({ answerId: z.string(), question: z.string(), rating: z.string().nullable(), comment: z.string().nullable() })) });

/** Asks and rates on one server, stops it, starts another on the same store, and reads the conversation back. */
async function survivesRestart(first: () => Promise<ServiceStore>, second: () => Promise<ServiceStore>): Promise<void> {
  const before = await startServer({ config, services, store: await first(), port: 0, app: { webConsole: false } });
  const asked = await fetch(`${before.url}/api/chat`, { method: "POST", headers: client, body: JSON.stringify({ question: "园区新开办企业刻公章有补贴吗？" }) });
  const answer = z.object({ id: z.string(), conversationId: z.string() }).parse(await asked.json());
  const rated = await fetch(`${before.url}/api/feedback`, { method: "POST", headers: client, body: JSON.stringify({ answerId: answer.id, rating: "down", comment: "补贴标准已调整" }) });
  expect(rated.status).toBe(200);
  await before.close();
  await before.store.close();

  const store = await second();
  const after = await startServer({ config, services, store, port: 0, app: { webConsole: false } });
  try {
    const listed = await (await fetch(`${after.url}/api/conversations`, { headers: client })).json();
    expect(listed).toMatchObject({ conversations: [{ id: answer.conversationId, answers: 1 }] });
    const { turns } = turnsSchema.parse(await (await fetch(`${after.url}/api/conversations/${answer.conversationId}`, { headers: client })).json());
    expect(turns).toEqual([{ answerId: answer.id, question: "园区新开办企业刻公章有补贴吗？", rating: "down", comment: "补贴标准已调整" }]);
  } finally {
    await after.close();
    await store.close();
  }
}

describe("after a restart", () => {
  it("conversations and feedback are still there on PGlite", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "qiwen-restart-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const onDisk = storeConfig(config, "pglite", path.join(dir, "pglite"));
    await survivesRestart(
      async () => openTestStore(onDisk, { loadDataDir: await pgliteTemplate() }),
      () => openTestStore(onDisk),
    );
  });

  it.skipIf(!postgresUrl)(`conversations and feedback are still there on PostgreSQL${postgresUrl ? "" : ` (skipped: ${postgresSkipReason})`}`, async () => {
    const { schema, drop } = await createTestSchema(postgresUrl!);
    cleanups.push(drop);
    const open = () => openTestStore(storeConfig(config, "postgres"), { schema });
    await survivesRestart(open, open);
  });
});
