import { Router } from "express";
import { z } from "zod";
import { NotFoundError } from "../../errors/app-errors.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { compactForMatching } from "../../text/normalize.js";
import { toClauseView, type ClauseView } from "../clause-view.js";
import { parseInput } from "../parse-request.js";

const unitQuerySchema = z.object({
  name: z.string().trim().min(1, "name must not be empty").max(100, "name is at most 100 characters").optional(),
});

/** Two-character pieces of a name, for suggesting close unit names. */
function bigrams(text: string): Set<string> {
  const pieces = new Set<string>();
  for (let index = 0; index + 1 < text.length; index++) pieces.add(text.slice(index, index + 2));
  return pieces;
}

/** Up to five dictionary names sharing the most two-character pieces with the one asked for. */
function closeNames(asked: string, names: readonly string[]): string[] {
  const wanted = bigrams(asked);
  return names
    .map((name) => ({ name, shared: [...bigrams(compactForMatching(name))].filter((piece) => wanted.has(piece)).length }))
    .filter((candidate) => candidate.shared > 0)
    .sort((a, b) => b.shared - a.shared)
    .slice(0, 5)
    .map((candidate) => candidate.name);
}

/**
 * `GET /units`: the unit dictionary. `GET /units?name=行政审批局`: the
 * clauses of every unit whose name is or contains it (so 区行政审批局 too),
 * grouped by document in catalog order.
 */
export function unitRoutes(services: QiwenServices): Router {
  const router = Router();
  router.get("/units", async (request, response) => {
    const { name } = parseInput(unitQuerySchema, request.query, "query");
    const { manifest, store } = await services.index.current();
    if (name === undefined) {
      response.json({ units: manifest.units });
      return;
    }
    const asked = compactForMatching(name);
    const names = manifest.units.map((unit) => unit.name).filter((candidate) => compactForMatching(candidate).includes(asked));
    if (names.length === 0) {
      const close = closeNames(asked, manifest.units.map((unit) => unit.name));
      throw new NotFoundError(`no responsible unit named "${name}"${close.length > 0 ? ` (close names: ${close.join("、")})` : ""}`);
    }
    const clauses = await store.clausesOfUnits(names);
    const byDocument = new Map<string, ClauseView[]>();
    for (const clause of clauses) byDocument.set(clause.docId, [...(byDocument.get(clause.docId) ?? []), toClauseView(clause)]);
    const groups = manifest.documents
      .filter((document) => byDocument.has(document.id))
      .map((document) => ({ docId: document.id, docTitle: document.title, docShortName: document.shortName, clauses: byDocument.get(document.id)! }));
    response.json({ name, groups });
  });
  return router;
}
