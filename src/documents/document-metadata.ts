import { z } from "zod";
import { catalogEntrySchema } from "../corpus/catalog.js";

const emptyToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/**
 * What an admin may give with an upload (form fields) or when publishing it
 * (JSON): the catalog id — an existing one replaces that document — and
 * the title, region and year where the text does not show them.
 */
export const documentMetadataSchema = z
  .object({
    id: z.preprocess(emptyToUndefined, catalogEntrySchema.shape.id.max(64, "ids are at most 64 characters").optional()),
    title: z.preprocess(emptyToUndefined, z.string().trim().max(200, "at most 200 characters").optional()),
    region: z.preprocess(emptyToUndefined, z.string().trim().max(50, "at most 50 characters").optional()),
    year: z.preprocess(emptyToUndefined, z.coerce.number({ error: "a year like 2024" }).int("a year like 2024").min(2000, "2000 or later").max(2100, "2100 or earlier").optional()),
  })
  .strict();
export type DocumentMetadata = z.infer<typeof documentMetadataSchema>;

/** The fields given, with `overrides` winning (those left out keep the upload's). */
export function mergeMetadata(base: DocumentMetadata, overrides: DocumentMetadata): DocumentMetadata {
  const merged: DocumentMetadata = { ...base };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) Object.assign(merged, { [key]: value });
  return merged;
}
