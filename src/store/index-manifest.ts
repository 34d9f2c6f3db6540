import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
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
});
export type IndexManifest = z.infer<typeof indexManifestSchema>;

/** The pointer file readers follow; replaced atomically once a new table is complete. */
export function manifestPath(dataDir: string): string {
  return path.join(dataDir, "index.json");
}

/** Reads and validates the manifest; null when no index has been built. */
export async function readManifest(dataDir: string): Promise<IndexManifest | null> {
  let raw: string;
  try {
    raw = await readFile(manifestPath(dataDir), "utf8");
  } catch {
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return null;
  }
  const parsed = indexManifestSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** Writes the manifest through a temporary file and a rename, so readers never see half of it. */
export async function writeManifest(dataDir: string, manifest: IndexManifest): Promise<void> {
  const target = manifestPath(dataDir);
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(manifest, null, 2));
  await rename(temporary, target);
}
