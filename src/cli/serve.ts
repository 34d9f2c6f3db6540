/**
 * `npm start` (compiled) and `npm run dev` (tsx): serves the API and the web
 * console. With a local index folder it builds the index first when there is
 * none, so a fresh clone is one command from a working server. With an
 * object-store INDEX_URI it only reads: a replica serves what the ingest job
 * publishes, following new versions, and reports not ready until the first one
 * is open. SIGTERM and SIGINT stop it gracefully.
 */
import { loadConfig } from "../config/app-config.js";
import { createCachedEmbedder } from "../embedding/create-embedder.js";
import { createLogger } from "../observability/logger.js";
import { startServer } from "../server/start-server.js";
import { createServices } from "../services/create-services.js";
import { openIndexStorage } from "../store/index-storage.js";
import { progressReporter } from "./progress-bar.js";
import { runCli } from "./run-cli.js";

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.server.log);
  if (config.server.trustProxy === true) {
    logger.warn("TRUST_PROXY=true believes any X-Forwarded-For, so a client can pick its own rate-limit bucket; prefer a hop count (1) or the proxy's address");
  }
  // One embedder for the first ingest and for serving: the model loads once.
  const embedder = await createCachedEmbedder(config, { onWarning: (message) => logger.warn(message) });
  const storage = openIndexStorage(config.index);
  if (storage.remote) {
    logger.info({ index: storage.location.uri }, "reading the index as a read-only replica (`npm run ingest` publishes new versions)");
  } else if (!(await storage.registry.current())) {
    logger.info({ index: storage.location.uri, seedsDir: config.seedsDir }, "no index yet: building it from the seeds");
    // Imported here: the ingest pipeline is not needed once an index exists.
    const { buildIndex } = await import("./build-index.js");
    const progress = progressReporter();
    const report = await buildIndex(config, { embedder, onProgress: progress.update }).finally(progress.finish);
    logger.info({ clauses: report.totalClauses, documents: report.documents.length, ms: report.ms }, "index built");
    for (const failed of report.failed) logger.warn({ file: failed.file, line: failed.line, reason: failed.reason }, "document skipped");
  }
  const services = await createServices(config, {
    embedder,
    onLlmFallback: (reason) => logger.warn({ reason }, "llm answer rejected, extractive answer used"),
  });
  const server = await startServer({ config, services, app: { logger } });
  logger.info({ url: server.url, mode: services.mode, pid: process.pid }, `企问 listening on ${server.url}`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "signal received");
    server.shutdown().then(
      ({ unfinished }) => {
        if (unfinished > 0) logger.warn({ unfinished }, "shutdown timeout: requests still open were dropped");
        else logger.info("shut down cleanly");
        logger.flush(() => process.exit(unfinished > 0 ? 1 : 0));
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        logger.flush(() => process.exit(1));
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

runCli(main, { exitWhenDone: false });
