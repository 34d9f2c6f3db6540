import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { writeCatalog } from "../../ingest/catalog/write-catalog.js";
import { loadCatalog, type Catalog } from "../corpus/catalog.js";

/**
 * The catalog and the seed files a change may touch, as they were, so a
 * publish or removal whose ingest fails can put them back: the catalog
 * lists what it listed before, and each file has its old bytes (or is gone
 * again, where there was none).
 */
export class CatalogBackup {
  private constructor(
    private readonly seedsDir: string,
    private readonly catalog: Catalog,
    private readonly files: Map<string, Buffer | null>,
  ) {}

  /** Reads the catalog and the named files of seeds/ (names of files that do not exist yet are remembered as absent). */
  static async take(seedsDir: string, fileNames: readonly (string | undefined)[]): Promise<CatalogBackup> {
    const catalog = await loadCatalog(seedsDir);
    const files = new Map<string, Buffer | null>();
    for (const name of new Set(fileNames.filter((candidate): candidate is string => Boolean(candidate)))) {
      files.set(name, await readFile(path.join(seedsDir, name)).catch(() => null));
    }
    return new CatalogBackup(seedsDir, catalog, files);
  }

  /**
   * Puts the old files back, then the catalog, then removes the files that
   * were not there: at no moment does the catalog list a file that is missing.
   */
  async restore(): Promise<void> {
    for (const [name, bytes] of this.files) if (bytes) await writeFile(path.join(this.seedsDir, name), bytes);
    await writeCatalog(this.seedsDir, this.catalog);
    for (const [name, bytes] of this.files) if (!bytes) await rm(path.join(this.seedsDir, name), { force: true });
  }
}
