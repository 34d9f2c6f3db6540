import { stat } from "node:fs/promises";
import { IndexNotReadyError } from "../errors/app-errors.js";
import { createWordSegmenter, type WordSegmenter } from "../text/segment-words.js";
import type { ClauseStore } from "./clause-store.js";
import { manifestPath, readManifest, type IndexManifest } from "./index-manifest.js";
import { LanceDbClauseStore } from "./lancedb-clause-store.js";
import { lancedbDir } from "./write-index.js";

/** The index being served and the segmenter that matches its unit dictionary. */
export interface OpenIndex {
  store: ClauseStore;
  manifest: IndexManifest;
  segmenter: WordSegmenter;
}

/** How often, at most, the manifest's modification time is checked for a re-ingest. */
const RECHECK_MS = 500;

/**
 * Holds the open index and follows re-ingests: when `index.json` changes, the
 * next call opens the new table (the old one stays valid until then), so the
 * server picks up a new index without a restart.
 */
export class IndexHandle {
  private opened: { index: OpenIndex; mtimeMs: number } | null = null;
  private checkedAt = 0;
  private opening: Promise<OpenIndex> | null = null;

  constructor(private readonly dataDir: string) {}

  /** The current index; throws IndexNotReadyError (503) when none has been built. */
  async current(): Promise<OpenIndex> {
    const now = Date.now();
    if (this.opened && now - this.checkedAt < RECHECK_MS) return this.opened.index;
    this.checkedAt = now;
    const mtimeMs = await stat(manifestPath(this.dataDir)).then((info) => info.mtimeMs, () => null);
    if (mtimeMs === null) {
      if (this.opened) return this.opened.index;
      throw new IndexNotReadyError(`no index in ${this.dataDir}: run \`npm run ingest\` (or \`npm start\`, which builds it)`);
    }
    if (this.opened && this.opened.mtimeMs === mtimeMs) return this.opened.index;
    this.opening ??= this.open(mtimeMs).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async open(mtimeMs: number): Promise<OpenIndex> {
    const manifest = await readManifest(this.dataDir);
    if (!manifest) {
      if (this.opened) return this.opened.index;
      throw new IndexNotReadyError(`the index manifest in ${this.dataDir} is unreadable: run \`npm run ingest\``);
    }
    const store = await LanceDbClauseStore.open(lancedbDir(this.dataDir), manifest);
    const index: OpenIndex = { store, manifest, segmenter: createWordSegmenter(manifest.units.map((unit) => unit.name)) };
    this.opened = { index, mtimeMs };
    return index;
  }
}
