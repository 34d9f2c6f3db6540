import { Router } from "express";
import { renderMetrics } from "../../observability/metrics.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { readIndexStatus } from "../index-status.js";

/** `GET /metrics`: Prometheus's text format, the index version read fresh at each scrape. */
export function metricsRoute(services: QiwenServices): Router {
  const router = Router();
  router.get("/metrics", async (_request, response) => {
    await readIndexStatus(services, response.locals.log);
    const { contentType, body } = await renderMetrics();
    response.type(contentType).send(body);
  });
  return router;
}
