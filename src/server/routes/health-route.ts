import { Router } from "express";
import type { QiwenServices } from "../../services/qiwen-services.js";
import type { IndexStatus } from "../../store/index-handle.js";
import { withoutServerPaths } from "../error-handler.js";
import { readIndexStatus } from "../index-status.js";
import type { ServerLifecycle } from "../server-lifecycle.js";

/** How long a readiness probe's retrieval may take before the service counts as not ready. */
const READY_TIMEOUT_MS = 5_000;

/** A real retrieval: the first document's title must find at least one clause. */
async function probeRetrieval(services: QiwenServices, title: string): Promise<number> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`retrieval took over ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([services.retriever.retrieve(title, { limit: 1 }), timeout]);
    if (result.clauses.length === 0) throw new Error("retrieval found no clause");
    return Math.round(performance.now() - started);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The handle's status as a client may see it: an object-store location is
 * shown, a local folder and any path in the problem are not.
 */
function publicIndexStatus(services: QiwenServices): IndexStatus {
  const status = services.index.status();
  return {
    ...status,
    location: services.index.storage.remote ? status.location : "local folder (DATA_DIR)",
    problem: status.problem === null ? null : withoutServerPaths(status.problem),
  };
}

/**
 * `GET /health`: always 200, a summary, so a load balancer or the console can
 * tell "up but no index yet" (`ready: false`) from "down"; `index` says what
 * the handle serves and, when a newer version failed its check, why it kept the last good one.
 * `GET /health/live`: 200 while the process serves HTTP at all.
 * `GET /health/ready`: 200 once a real retrieval (embed, vector and full-text
 * search) answers through the services; 503 before the first index is open,
 * when retrieval fails, and once a shutdown has begun.
 */
export function healthRoute(services: QiwenServices, lifecycle: ServerLifecycle): Router {
  const router = Router();

  router.get("/health", async (_request, response) => {
    const base = { embedder: services.embedder.name, mode: services.mode, index: publicIndexStatus(services) };
    const status = await readIndexStatus(services, response.locals.log);
    if (!status.ready) {
      response.json({ ready: false, clauses: 0, ...base, indexVersion: null, builtAt: null, reason: status.reason });
      return;
    }
    const { manifest } = status.index;
    response.json({ ready: true, clauses: manifest.clauseCount, ...base, indexVersion: manifest.version, builtAt: manifest.builtAt });
  });

  router.get("/health/live", (_request, response) => {
    response.json({ live: true, uptimeSeconds: Math.round(process.uptime()) });
  });

  let probing: Promise<number> | null = null;
  router.get("/health/ready", async (_request, response) => {
    if (lifecycle.draining) {
      response.status(503).json({ ready: false, error: { code: "shutting_down", message: "the server is shutting down" } });
      return;
    }
    const status = await readIndexStatus(services, response.locals.log);
    if (!status.ready) {
      response.status(503).json({ ready: false, error: { code: status.code, message: status.reason } });
      return;
    }
    const { manifest } = status.index;
    // Probes that arrive together share one retrieval.
    probing ??= probeRetrieval(services, manifest.documents[0]?.title ?? manifest.units[0]?.name ?? "企业").finally(() => {
      probing = null;
    });
    try {
      const retrievalMs = await probing;
      response.json({ ready: true, clauses: manifest.clauseCount, indexVersion: manifest.version, retrievalMs });
    } catch (error) {
      response.locals.log.error({ err: error }, "readiness retrieval failed");
      response.status(503).json({ ready: false, error: { code: "retrieval_failed", message: "a test retrieval failed: see the server log" } });
    }
  });

  return router;
}
