import { Router } from "express";
import { z } from "zod";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { toClauseView } from "../clause-view.js";
import { parseInput } from "../parse-request.js";
import { resolveFilters } from "../resolve-filters.js";

/** A query parameter given once is a string, repeated an array: both become a list. */
const listParameter = z
  .union([z.string().min(1), z.array(z.string().min(1))])
  .optional()
  .transform((value) => (value === undefined ? undefined : [value].flat()));

const searchQuerySchema = z.object({
  q: z.string({ error: "q is required" }).trim().min(1, "q must not be empty").max(1000, "q is at most 1000 characters"),
  k: z.coerce.number().int().min(1).max(50).default(10),
  docId: listParameter,
  region: listParameter,
});

/** `GET /search?q=&k=&docId=&region=`: the retriever's ranking, without an answer. */
export function searchRoutes(services: QiwenServices): Router {
  const router = Router();
  router.get("/search", async (request, response) => {
    const query = parseInput(searchQuerySchema, request.query, "query");
    const { manifest } = await services.index.current();
    const filter = resolveFilters({ docIds: query.docId, regions: query.region }, manifest, { docIds: "docId", regions: "region" });
    const retrieval = await services.retriever.retrieve(query.q, { filter, limit: query.k });
    response.json({ results: retrieval.clauses.map((retrieved) => ({ ...toClauseView(retrieved.clause), score: retrieved.score })) });
  });
  return router;
}
