/**
 * `npm start`: serves the API and the web console. Builds the index first
 * when there is none, so a fresh clone is one command from a working server.
 */
import { loadConfig } from "../config/app-config.js";
import { CachedEmbedder } from "../embedding/cached-embedder.js";
import { createEmbedder } from "../embedding/create-embedder.js";
import { startServer } from "../server/start-server.js";
import { createServices, embeddingCacheDir } from "../services/create-services.js";
import { readManifest } from "../store/index-manifest.js";
import { buildIndex } from "./build-index.js";
import { failedList } from "./format-ingest-report.js";
import { progressReporter } from "./progress-bar.js";
import { runCli } from "./run-cli.js";

async function main(): Promise<void> {
  const config = loadConfig();
  // One embedder for the first ingest and for serving: the model loads once.
  const embedder = new CachedEmbedder(await createEmbedder(config), embeddingCacheDir(config.dataDir));
  if (!(await readManifest(config.dataDir))) {
    process.stderr.write(`no index in ${config.dataDir} yet: building it from ${config.seedsDir}\n`);
    const progress = progressReporter();
    const report = await buildIndex(config, { embedder, onProgress: progress.update }).finally(progress.finish);
    process.stderr.write(`indexed ${report.totalClauses} clauses from ${report.documents.length} documents in ${report.ms} ms\n${failedList(report.failed)}`);
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
