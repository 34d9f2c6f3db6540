import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { CorpusError } from "../errors/app-errors.js";

/** One policy document as the catalog describes it. */
export const catalogEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, "ids are lower-case letters, digits and dashes"),
  title: z.string().min(1),
  shortName: z.string().min(1),
  region: z.string().min(1),
  issuer: z.string().min(1),
  docNumber: z.string().nullable(),
  /** ISO date, or just the year where the document gives no day. */
  date: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/),
  year: z.number().int().min(2000).max(2100),
  /** The file in `seeds/`, relative to the catalog. */
  file: z.string().min(1),
  /** Where the document was originally published, if known. */
  source: z.string().optional(),
});
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z
  .object({ documents: z.array(catalogEntrySchema).min(1) })
  .refine((catalog) => new Set(catalog.documents.map((doc) => doc.id)).size === catalog.documents.length, {
    message: "document ids must be unique",
  });
export type Catalog = z.infer<typeof catalogSchema>;

/** Reads and validates `seeds/catalog.json`; names the field that is wrong. */
export async function loadCatalog(seedsDir: string): Promise<Catalog> {
  const catalogPath = path.join(seedsDir, "catalog.json");
  let raw: string;
  try {
    raw = await readFile(catalogPath, "utf8");
  } catch {
    throw new CorpusError(`catalog not found: ${catalogPath}`, { file: catalogPath });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new CorpusError(`catalog is not valid JSON: ${(error as Error).message}`, { file: catalogPath });
  }
  const parsed = catalogSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join(".") : "";
    throw new CorpusError(`catalog ${where ? `field ${where}` : ""}: ${issue?.message ?? "invalid"}`, { file: catalogPath });
  }
  return parsed.data;
}
