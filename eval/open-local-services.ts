import { runIngest, type IngestProgress } from "../ingest/run-ingest.js";
import type { AppConfig } from "../src/config/app-config.js";
import { IngestLockedError } from "../src/errors/app-errors.js";
import { createServices } from "../src/services/create-services.js";
import type { QiwenServices } from "../src/services/qiwen-services.js";


/**
 * The services of this process over DATA_DIR's index, built or refreshed
 * first as `npm start` does: an unchanged corpus is a quick no-op, a missing
 * or stale index is (re)built, so the eval always measures the current seeds
 * and ingest code. If another process is ingesting right now, the current
 * index is evaluated as it is (with a warning); with no index at all that is
 * an error telling to run `npm run ingest`.
 */
export async function openLocalServices(
  config: AppConfig,
  options: { onIngestProgress?: (progress: IngestProgress) => void; onWarning?: (message: string) => void } = {},
): Promise<QiwenServices> {
  const services = await createServices(config);
  try {
    await runIngest({ seedsDir: config.seedsDir, dataDir: config.dataDir, storage: services.index.storage, embedder: services.embedder, onProgress: options.onIngestProgress });
  } catch (error) {
    if (!(error instanceof IngestLockedError)) throw error;
    if (!(await services.index.storage.registry.current())) {
      throw new Error(`another ingest is running in ${config.dataDir} and no index is built yet: wait for it or run \`npm run ingest\``);
    }
    options.onWarning?.(`another ingest is running in ${config.dataDir}; evaluating the index that is there now`);
  }
  return services;
}
