import { Router } from "express";
import { IndexNotReadyError } from "../../errors/app-errors.js";
import type { QiwenServices } from "../../services/qiwen-services.js";

/**
 * `GET /health`: always 200, so a load balancer or the console can tell
 * "up but no index yet" (`ready: false`) from "down". `index` says what the
 * handle serves and, when a newer version failed its check, why it kept the last good one.
 */
export function healthRoute(services: QiwenServices): Router {
  const router = Router();
  router.get("/health", async (_request, response) => {
    // The handle's state: which version is served, and why a newer one is not (a failed check) or none is.
    const base = { embedder: services.embedder.name, mode: services.mode, index: services.index.status() };
    try {
      const { manifest } = await services.index.current();
      response.json({ ready: true, clauses: manifest.clauseCount, ...base, indexVersion: manifest.version, builtAt: manifest.builtAt });
    } catch (error) {
      if (!(error instanceof IndexNotReadyError)) console.error("health check could not open the index:", error);
      response.json({ ready: false, clauses: 0, ...base, indexVersion: null, builtAt: null });
    }
  });
  return router;
}
