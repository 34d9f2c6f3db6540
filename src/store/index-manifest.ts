import { z } from "zod";

/** What `index.json` says about the index being served: which table, built how, with which units. */
export const indexManifestSchema = z.object({
  version: z.string(),
  table: z.string(),
  builtAt: z.string(),
  embedder: z.string(),
  dimensions: z.number().int().positive(),
  clauseCount: z.number().int().nonnegative(),
  /** Hash of the clauses and embedder: an unchanged corpus re-ingests to the same value. */
  contentHash: z.string(),
  documents: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      shortName: z.string(),
      region: z.string(),
      issuer: z.string(),
      docNumber: z.string().nullable(),
      date: z.string(),
      year: z.number().int(),
      clauseCount: z.number().int(),
      clausesWithUnits: z.number().int(),
    }),
  ),
  /** The unit dictionary: every unit named in the corpus with how many clauses name it. */
  units: z.array(z.object({ name: z.string(), clauseCount: z.number().int() })),
  /** The ANN index built on the vectors (past a row count), or null for brute-force search. */
  vectorIndex: z.enum(["hnsw_sq"]).nullable().default(null),
  /** The sentence table (each clause's sentences embedded on their own), or null for an index built without one. */
  sentences: z
    .object({ table: z.string(), rowCount: z.number().int().nonnegative(), vectorIndex: z.enum(["hnsw_sq"]).nullable() })
    .nullable()
    .default(null),
  /**
   * Tables this one replaced, with when: kept for a grace period so that a
   * replica still reading one is not cut off, then dropped by a later ingest.
   */
  retired: z.array(z.object({ table: z.string(), retiredAt: z.string() })).default([]),
});
export type IndexManifest = z.infer<typeof indexManifestSchema>;

/** Validates manifest bytes; null when they are not a manifest (an unreadable manifest is no index). */
export function parseManifest(bytes: Uint8Array): IndexManifest | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return null;
  }
  const parsed = indexManifestSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
