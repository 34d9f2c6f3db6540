import { rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { catalogSchema, type Catalog } from "../../src/corpus/catalog.js";

/**
 * Writes `seeds/catalog.json` (validated first, two-space JSON as people edit
 * it) through a temporary file and a rename, so a reader never sees half of it.
 */
export async function writeCatalog(seedsDir: string, catalog: Catalog): Promise<void> {
  const valid = catalogSchema.parse(catalog);
  const target = path.join(seedsDir, "catalog.json");
  const temporary = `${target}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(valid, null, 2)}\n`);
  await rename(temporary, target);
}
