import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { CatalogEntry } from "../../src/corpus/catalog.js";

/** One measure of a plan as its author marked it: where it starts and who carries it out. */
export const truthMeasureSchema = z.object({
  /** The numbering mark (`1.`, `（三）`, `第五条`), for people reading the truth file. */
  marker: z.string(),
  /** The first characters of the measure's text after its mark. */
  start: z.string().min(1),
  leadUnits: z.array(z.string()),
  supportUnits: z.array(z.string()),
  responsibleUnits: z.array(z.string()),
  deadline: z.string().nullable(),
  /** Generic phrases the block names (各有关部门), which are not units. */
  generic: z.array(z.string()).default([]),
});
export type TruthMeasure = z.infer<typeof truthMeasureSchema>;

/** `<file>.truth.json`: the document's metadata and every measure. */
export const truthFileSchema = z.object({
  file: z.string().min(1),
  title: z.string().min(1),
  region: z.string().min(1),
  year: z.number().int(),
  issuer: z.string().min(1),
  docNumber: z.string().nullable(),
  hasUnitBlocks: z.boolean(),
  measures: z.array(truthMeasureSchema),
});
export type TruthFile = z.infer<typeof truthFileSchema>;

/** Reads and validates a truth file; the error names the file and the field. */
export async function readTruthFile(file: string): Promise<TruthFile> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`${file}: not readable JSON (${(error as Error).message})`);
  }
  const parsed = truthFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: field ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The catalog entry a document would get, from its truth file (the id from the file name). */
export function entryFromTruth(truth: TruthFile, file: string): CatalogEntry {
  const id = truth.file.replace(/\.[^.]+$/, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "document";
  return {
    id,
    title: truth.title,
    shortName: `${truth.region}${truth.year}`,
    region: truth.region,
    issuer: truth.issuer,
    docNumber: truth.docNumber,
    date: String(truth.year),
    year: truth.year,
    file,
  };
}
