import { IndexNotReadyError } from "../errors/app-errors.js";
import type { Logger } from "../observability/logger.js";
import { setIndexVersion } from "../observability/metrics.js";
import type { QiwenServices } from "../services/qiwen-services.js";
import type { OpenIndex } from "../store/index-handle.js";

/** What the service knows about the index it serves, for health and metrics. */
export type IndexStatus =
  | { ready: true; index: OpenIndex }
  | { ready: false; code: string; reason: string };

/**
 * The one place health and metrics ask the index handle about its state:
 * opens (or re-opens after a re-ingest) the served index, keeps the
 * `qiwen_index_info` metric on its version, and turns a failure into a
 * reason without a server path. An index that is not built is expected; any
 * other failure is logged.
 */
export async function readIndexStatus(services: QiwenServices, log: Logger): Promise<IndexStatus> {
  try {
    const index = await services.index.current();
    setIndexVersion(index.manifest.version);
    return { ready: true, index };
  } catch (error) {
    setIndexVersion(null);
    if (error instanceof IndexNotReadyError) return { ready: false, code: error.code, reason: "the index is not built yet: run `npm run ingest` (or `npm start`, which builds it)" };
    log.error({ err: error }, "the index could not be opened");
    return { ready: false, code: "index_unavailable", reason: "the index could not be opened: run `npm run ingest -- --force` to rebuild it" };
  }
}
