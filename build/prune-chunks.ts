import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/** What build-stamp.json records: the inputs' fingerprint and the chunk files the build wrote. */
export const buildStampSchema = z.object({ fingerprint: z.string(), builtAt: z.string(), chunks: z.array(z.string()).default([]) });
export type BuildStamp = z.infer<typeof buildStampSchema>;

/** The stamp of the last build, or null when there is none or it does not parse (an older build's, a damaged file). */
export function parseBuildStamp(text: string): BuildStamp | null {
  try {
    const parsed = buildStampSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Deletes the chunk files of `chunksDir` that neither this build nor the
 * previous one wrote. A server started from the previous build imports its
 * chunks at first use, possibly after a rebuild: deleting them under it would
 * fail those requests, so one build's worth of old chunks is kept.
 */
export async function pruneChunks(chunksDir: string, keep: ReadonlySet<string>): Promise<string[]> {
  const names = await readdir(chunksDir).catch(() => [] as string[]);
  const stale = names.filter((name) => !keep.has(name));
  await Promise.all(stale.map((name) => rm(path.join(chunksDir, name), { force: true })));
  return stale;
}
