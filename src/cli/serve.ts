/**
 * `npm start`: serves the API and the web console. With a local index folder
 * it builds the index first when there is none, so a fresh clone is one
 * command from a working server. With an object-store INDEX_URI it only
 * reads: a replica serves what the ingest job publishes, following new
 * versions, and reports not ready until the first one is open.
 */
import { loadConfig } from "../config/app-config.js";
import { createCachedEmbedder } from "../embedding/create-embedder.js";
import { startServer } from "../server/start-server.js";
import { createServices } from "../services/create-services.js";
import { openIndexStorage } from "../store/index-storage.js";
import { buildIndex } from "./build-index.js";
import { progressReporter } from "./progress-bar.js";
import { runCli } from "./run-cli.js";

async function main(): Promise<void> {
  const config = loadConfig();
  // One embedder for the first ingest and for serving: the model loads once.
  const embedder = await createCachedEmbedder(config);
  const storage = openIndexStorage(config.index);
  if (storage.remote) {
    process.stderr.write(`reading the index at ${storage.location.uri} (read-only replica; \`npm run ingest\` publishes new versions)\n`);
  } else if (!(await storage.registry.current())) {
    process.stderr.write(`no index in ${storage.location.uri} yet: building it from ${config.seedsDir}\n`);
    const progress = progressReporter();
    const report = await buildIndex(config, { embedder, onProgress: progress.update }).finally(progress.finish);
    process.stderr.write(`indexed ${report.totalClauses} clauses from ${report.documents.length} documents in ${report.ms} ms\n`);
  }
  const services = await createServices(config, { embedder });
  const server = await startServer({ config, services });
  process.stdout.write(`企问 listening on ${server.url} (answers: ${services.mode}; API under ${server.url}/api)\n`);

  const stop = () => {
    process.stderr.write("shutting down\n");
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

runCli(main, { exitWhenDone: false });
