/**
 * The 企问 server as bench:load measures it: extractive answers, no chat rate
 * limit, no web console, on the port given (0 = free). Prints `listening URL`.
 * The index at INDEX_URI (or DATA_DIR) must exist.
 */
import { loadConfig } from "../../src/config/app-config.js";
import { startServer } from "../../src/server/start-server.js";

const loaded = loadConfig();
// No rate limit: the bench is the only client, asking as fast as it can.
const rateLimits = { ...loaded.server.rateLimits, chat: 0, search: 0, v1: 0 };
const config = { ...loaded, llm: null, server: { ...loaded.server, rateLimits, log: { ...loaded.server.log, level: "warn" as const } } };
const server = await startServer({ config, port: Number(process.env.PORT ?? 0), app: { webConsole: false } });
await server.services.index.current();
process.stdout.write(`listening ${server.url}\n`);
process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
