import { IndexNotReadyError } from "../errors/app-errors.js";
import { createWordSegmenter, type WordSegmenter } from "../text/segment-words.js";
import type { ClauseStore } from "./clause-store.js";
import type { IndexManifest } from "./index-manifest.js";
import type { ManifestState } from "./index-registry.js";
import type { IndexStorage } from "./index-storage.js";
import { IndexCheckError, LanceDbClauseStore } from "./lancedb-clause-store.js";

/** The index being served and the segmenter that matches its unit dictionary. */
export interface OpenIndex {
  store: ClauseStore;
  manifest: IndexManifest;
  segmenter: WordSegmenter;
}

/** What the handle serves, for the health route: ready once a first index is open. */
export interface IndexStatus {
  ready: boolean;
  /** The index location's URI (a folder or s3://…). */
  location: string;
  version: string | null;
  clauseCount: number;
  /** When the served version was opened. */
  openedAt: string | null;
  /** Why the newest published index is not the one served (failed its check, unreadable), or why none is; null when all is well. */
  problem: string | null;
}

/** Options of {@link IndexHandle}. */
export interface IndexHandleOptions {
  /** How often `watch` checks for a new version; defaults to 1 s on a folder, 2 s on an object store. */
  watchIntervalMs?: number;
  /** Told when the served version changes or a new one is refused (not of the first open). Defaults to stderr. */
  log?: (message: string) => void;
  /** How long a replaced table stays open for requests still using it. */
  closeReplacedAfterMs?: number;
}

/** How often requests that find no index open look for one (the watcher looks on its own schedule). */
const NOT_READY_RECHECK_MS = 1000;

/**
 * Holds the open index. `watch()` follows new versions in the background:
 * each is opened and checked (row count, every row, a vector and a full-text
 * query) before it replaces the served one, and a version that fails keeps
 * the last good index serving, with the reason in `status().problem`.
 * Requests call `current()`, which costs nothing once an index is open.
 */
export class IndexHandle {
  private serving: OpenIndex | null = null;
  private openedAt: string | null = null;
  private problem: string | null = null;
  private etag: string | undefined;
  private refreshing: Promise<void> | null = null;
  private checkedAt = 0;
  private stopWatching: (() => void) | null = null;
  private readonly log: (message: string) => void;

  constructor(
    /** Where the index is read from. */
    readonly storage: IndexStorage,
    private readonly options: IndexHandleOptions = {},
  ) {
    this.log = options.log ?? ((message) => process.stderr.write(`${message}\n`));
  }

  /** The served index; throws IndexNotReadyError (503) when none is open yet, saying why. */
  async current(): Promise<OpenIndex> {
    if (this.serving) return this.serving;
    // Without an index, requests look for one, but a burst of them costs one manifest read a second.
    if (Date.now() - this.checkedAt >= NOT_READY_RECHECK_MS) await this.refresh();
    if (this.serving) return this.serving;
    throw new IndexNotReadyError(this.problem ?? this.noIndexMessage());
  }

  /** What is served and whether anything is wrong. */
  status(): IndexStatus {
    return {
      ready: this.serving !== null,
      location: this.storage.location.uri,
      version: this.serving?.manifest.version ?? null,
      clauseCount: this.serving?.manifest.clauseCount ?? 0,
      openedAt: this.openedAt,
      problem: this.problem ?? (this.serving ? null : this.noIndexMessage()),
    };
  }

  /** Follows new versions until `close()`; the timer does not keep the process alive. */
  watch(): void {
    if (this.stopWatching) return;
    const intervalMs = this.options.watchIntervalMs ?? (this.storage.remote ? 2000 : 1000);
    const timer = setInterval(() => void this.refresh(), intervalMs);
    timer.unref();
    this.stopWatching = () => clearInterval(timer);
  }

  /** Stops watching and closes the served table. */
  close(): void {
    this.stopWatching?.();
    this.stopWatching = null;
    (this.serving?.store as LanceDbClauseStore | undefined)?.close?.();
    this.serving = null;
  }

  /** Checks the manifest once now (what `watch` does on each tick). */
  refresh(): Promise<void> {
    this.refreshing ??= (async () => {
      this.checkedAt = Date.now();
      try {
        const state = await this.storage.registry.read(this.etag);
        if (state !== "unchanged") await this.adopt(state);
      } catch (error) {
        this.problem = `could not read the index manifest at ${this.storage.location.uri}: ${(error as Error).message}`;
      }
    })().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private noIndexMessage(): string {
    return `no index at ${this.storage.location.uri} yet: run \`npm run ingest\` (or \`npm start\` with a local folder, which builds it)`;
  }

  /** Opens and checks a newly published manifest, and serves it if it passes. */
  private async adopt(state: ManifestState): Promise<void> {
    const { manifest } = state;
    const previous = this.serving;
    if (!manifest) {
      this.etag = state.etag ?? undefined;
      this.problem = state.unreadable
        ? `the index manifest at ${this.storage.location.uri} is unreadable${previous ? `; serving the last good index (version ${previous.manifest.version})` : ": run `npm run ingest`"}`
        : null;
      return;
    }
    if (previous?.manifest.version === manifest.version) {
      this.etag = state.etag ?? undefined;
      return;
    }
    let store: LanceDbClauseStore;
    try {
      store = await LanceDbClauseStore.open(await this.storage.connect(), manifest);
    } catch (error) {
      if (!(error instanceof IndexCheckError)) throw error; // an I/O failure: tried again on the next tick
      this.etag = state.etag ?? undefined;
      this.problem = previous ? `${error.message}; serving the last good index (version ${previous.manifest.version})` : error.message;
      this.log(`index: version ${manifest.version} refused: ${this.problem}`);
      return;
    }
    this.serving = { store, manifest, segmenter: createWordSegmenter(manifest.units.map((unit) => unit.name)) };
    this.openedAt = new Date().toISOString();
    this.etag = state.etag ?? undefined;
    this.problem = null;
    if (previous) {
      this.log(`index: now serving version ${manifest.version} (${manifest.clauseCount} clauses, ${manifest.table}), replacing ${previous.manifest.version}`);
      // Requests that took the old store a moment ago may still be querying it.
      const timer = setTimeout(() => (previous.store as LanceDbClauseStore).close(), this.options.closeReplacedAfterMs ?? 60_000);
      timer.unref();
    }
  }
}
