import { Router, type RequestHandler, type Response } from "express";
import type { MulterError } from "multer";
import { z } from "zod";
import { documentMetadataSchema } from "../../documents/document-metadata.js";
import type { DocumentAdmin } from "../../documents/document-admin.js";
import type { JobView } from "../../documents/job-registry.js";
import { NotFoundError, ValidationError } from "../../errors/app-errors.js";
import { parseInput } from "../parse-request.js";

const uploadParamSchema = z.object({ uploadId: z.uuid("not an upload id") });

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** What multer (and busboy beneath it) reports, as a 400 naming the problem. */
function uploadError(error: unknown, maxBytes: number, multerError: typeof MulterError): ValidationError {
  if (error instanceof multerError) {
    if (error.code === "LIMIT_FILE_SIZE") return new ValidationError(`file: larger than the ${megabytes(maxBytes)} limit (UPLOAD_MAX_MB); upload the plan alone, without images`, { field: "file" });
    if (error.code === "LIMIT_UNEXPECTED_FILE") return new ValidationError(`${error.field ?? "file"}: one file is expected, in the field "file"`, { field: error.field ?? "file" });
    return new ValidationError(`body: ${error.message.toLowerCase()}${error.field ? ` (${error.field})` : ""}`, { field: error.field ?? "body" });
  }
  return new ValidationError(`body: not a readable multipart/form-data upload (${error instanceof Error ? error.message : String(error)})`, { field: "body" });
}

/**
 * multer's single-file parser, in memory (a plan is small), its errors made 400s.
 * multer is loaded by the first upload: a server that is never given a plan
 * does not keep it (and busboy) in memory.
 */
function singleFile(maxBytes: number): RequestHandler {
  let loaded: Promise<RequestHandler> | undefined;
  const load = async (): Promise<RequestHandler> => {
    const { default: multer } = await import("multer");
    const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1000, parts: 10 }, defParamCharset: "utf8" }).single("file");
    return (request, response, next) => parse(request, response, (error?: unknown) => next(error ? uploadError(error, maxBytes, multer.MulterError) : undefined));
  };
  // Express 5 passes a rejected promise (multer failing to load) to the error handler.
  return async (request, response, next) => {
    const parse = await (loaded ??= load());
    parse(request, response, next);
  };
}

/** The 409 of a second publish or removal: the running job's id beside the error, to follow it. */
function conflict(response: Response, running: JobView): void {
  response.status(409).json({
    error: { code: "job_running", message: `another ${running.kind} job (${running.id}) is running; wait for it to finish (GET /api/admin/jobs/${running.id})` },
    jobId: running.id,
  });
}

/**
 * The Documents tab's API, under /api/admin (behind the admin key): the
 * catalog, uploads and their check, publish, remove, and the jobs, served by
 * the DocumentAdmin `documents` gives (made at the first request).
 */
export function adminDocumentRoutes(documents: () => Promise<DocumentAdmin>, maxBytes: number): Router {
  const router = Router();

  router.get("/documents", async (_request, response) => {
    const admin = await documents();
    response.json(await admin.list());
  });

  router.post("/documents", singleFile(maxBytes), async (request, response) => {
    const file = request.file;
    const admin = await documents();
    if (!file) {
      const { supportedFormats } = await import("../../documents/upload-staging.js");
      throw new ValidationError(`file: no file; send the plan as multipart/form-data in a field named "file" (${supportedFormats})`, { field: "file" });
    }
    const metadata = parseInput(documentMetadataSchema, { ...request.body }, "body");
    const { upload, job } = await admin.upload(file.originalname, file.buffer, metadata);
    response.status(202).json({ uploadId: upload.id, jobId: job.id });
  });

  router.delete("/documents/:id", async (request, response) => {
    const admin = await documents();
    const result = await admin.remove(request.params.id);
    if ("running" in result) return conflict(response, result.running);
    response.status(202).json({ jobId: result.started.id });
  });

  router.post("/uploads/:uploadId/publish", async (request, response) => {
    const params = uploadParamSchema.safeParse(request.params);
    if (!params.success) throw new NotFoundError(`no upload ${request.params.uploadId}: upload ids are the uploadId a POST /api/admin/documents returned`);
    const overrides = parseInput(documentMetadataSchema, request.body ?? {}, "body");
    const admin = await documents();
    const result = admin.publish(params.data.uploadId, overrides);
    if ("running" in result) return conflict(response, result.running);
    response.status(202).json({ jobId: result.started.id, uploadId: params.data.uploadId });
  });

  router.get("/jobs/:id", async (request, response) => {
    const job = (await documents()).jobs.get(request.params.id);
    if (!job) throw new NotFoundError(`no job ${request.params.id}: jobs are kept in memory, so a restart forgets them (the catalog and index keep what they did)`);
    response.json(job);
  });

  return router;
}
