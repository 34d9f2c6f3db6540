import { Router } from "express";
import { NotFoundError } from "../../errors/app-errors.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { toClauseView } from "../clause-view.js";

/** `GET /documents`, `GET /documents/:id/clauses` (document order) and `GET /clauses/:id`: the document browser. */
export function documentRoutes(services: QiwenServices): Router {
  const router = Router();

  router.get("/documents", async (_request, response) => {
    const { manifest } = await services.index.current();
    response.json({ documents: manifest.documents });
  });

  router.get("/documents/:id/clauses", async (request, response) => {
    const { manifest, store } = await services.index.current();
    const document = manifest.documents.find((candidate) => candidate.id === request.params.id);
    if (!document) {
      const known = manifest.documents.map((candidate) => candidate.id).join(", ");
      throw new NotFoundError(`no document "${request.params.id}" (known: ${known})`);
    }
    const clauses = await store.listClauses({ docIds: [document.id] });
    response.json({ document, clauses: clauses.map(toClauseView) });
  });

  router.get("/clauses/:id", async (request, response) => {
    const { store } = await services.index.current();
    const clause = await store.getClause(request.params.id);
    if (!clause) throw new NotFoundError(`no clause "${request.params.id}"`);
    response.json({ clause: toClauseView(clause) });
  });

  return router;
}
