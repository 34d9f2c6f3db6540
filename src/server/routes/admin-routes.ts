import { Router } from "express";
import { z } from "zod";
import { csvHeader, csvRow, jsonlRow } from "../../admin/export-rows.js";
import { decodeCursor, encodeCursor, questionFilterSchema, toAnswerFilter } from "../../admin/question-query.js";
import type { AnswerFilter, ConversationStore, StoredAnswer } from "../../conversations/conversation-store.js";
import type { DocumentAdmin } from "../../documents/document-admin.js";
import { NotFoundError, ValidationError } from "../../errors/app-errors.js";
import { buildGapReport } from "../../gaps/gap-report.js";
import type { Logger } from "../../observability/logger.js";
import type { QiwenServices } from "../../services/qiwen-services.js";
import { parseInput } from "../parse-request.js";
import { toAnswerView } from "../stored-answer-view.js";
import { adminDocumentRoutes } from "./admin-document-routes.js";

const listQuerySchema = questionFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().optional(),
});
const gapQuerySchema = questionFilterSchema.pick({ from: true, to: true }).extend({
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
const exportQuerySchema = questionFilterSchema.extend({ format: z.enum(["csv", "jsonl"], 'expected "csv" or "jsonl"').default("csv") });

/** How many rows an export reads from the store at a time. */
const EXPORT_PAGE = 500;

function cursorOf(after: string | undefined): { createdAt: Date; id: string } | undefined {
  if (after === undefined) return undefined;
  const cursor = decodeCursor(after);
  if (!cursor) throw new ValidationError("after: not a cursor from a previous page's `next`", { field: "after" });
  return cursor;
}

/** Every answer matching the filter, newest first, read page by page. */
async function* allAnswers(store: ConversationStore, filter: AnswerFilter): AsyncIterable<StoredAnswer> {
  let after: StoredAnswer | undefined;
  for (;;) {
    const page = await store.listAnswers(filter, { limit: EXPORT_PAGE, after });
    yield* page;
    if (page.length < EXPORT_PAGE) return;
    after = page.at(-1);
  }
}

/**
 * The Documents tab's back end, made by its first request: it brings the
 * ingest pipeline (readers, parser, index writer), which a server nobody
 * uploads a plan to would hold in memory unused. Made once: it keeps the jobs.
 */
function documentAdminAtFirstUse(services: QiwenServices, logger: Logger): () => Promise<DocumentAdmin> {
  let admin: Promise<DocumentAdmin> | undefined;
  return () => (admin ??= import("../../documents/document-admin.js").then(({ DocumentAdmin }) => new DocumentAdmin(services, logger)));
}

/**
 * The admin API (behind an admin key): the question log with filters, one
 * answer, the gap report, the export, and the documents (upload, check,
 * publish, remove — jobs of this process, logged to `logger`).
 */
export function adminRoutes(services: QiwenServices, store: ConversationStore, stopwords: ReadonlySet<string>, logger: Logger): Router {
  const router = Router();
  router.use(adminDocumentRoutes(documentAdminAtFirstUse(services, logger), services.config.uploads.maxBytes));

  router.get("/questions", async (request, response) => {
    const query = parseInput(listQuerySchema, request.query, "query");
    const items = await store.listAnswers(toAnswerFilter(query), { limit: query.limit, after: cursorOf(query.after) });
    const last = items.at(-1);
    response.json({ items: items.map(toAnswerView), next: items.length === query.limit && last ? encodeCursor(last) : null });
  });

  router.get("/questions/:id", async (request, response) => {
    const answer = await store.findAnswer(request.params.id);
    if (!answer) throw new NotFoundError(`no answer ${request.params.id}`);
    response.json({ item: toAnswerView(answer) });
  });

  router.get("/gaps", async (request, response) => {
    const query = parseInput(gapQuerySchema, request.query, "query");
    const answers = await store.listAnswers({ from: query.from, to: query.to, gapsOnly: true }, { limit: query.limit });
    const { segmenter } = await services.index.current();
    response.json(await buildGapReport(answers, { embedder: services.embedder, segmenter, stopwords }));
  });

  router.get("/export", async (request, response) => {
    const query = parseInput(exportQuerySchema, request.query, "query");
    const filter = toAnswerFilter(query);
    const day = new Date().toISOString().slice(0, 10);
    response.type(query.format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
    response.attachment(`qiwen-questions-${day}.${query.format}`);
    if (query.format === "csv") response.write(csvHeader());
    for await (const answer of allAnswers(store, filter)) {
      response.write(query.format === "csv" ? csvRow(toAnswerView(answer)) : jsonlRow(toAnswerView(answer)));
    }
    response.end();
  });

  return router;
}
