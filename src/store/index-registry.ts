import type { BlobStore } from "./blob-store.js";
import { parseManifest, type IndexManifest } from "./index-manifest.js";

/** The manifest's name in the index location: the one object readers follow. */
export const MANIFEST_NAME = "index.json";

/** What the manifest says now: absent (no index yet), unreadable, or a manifest, with the tag to ask "changed since?". */
export type ManifestState = { manifest: IndexManifest | null; unreadable: boolean; etag: string | null };

/**
 * Which index version is published. The writer builds a complete table, then
 * `publish` replaces the manifest in one write (a rename on disk, one PUT on
 * an object store), so a reader sees the old complete index or the new one.
 * Readers poll it with `read(etag)`: a conditional read that costs next to nothing while unchanged.
 */
export class IndexRegistry {
  constructor(private readonly blobs: BlobStore) {}

  /** The published manifest, or null when none is (or it is unreadable). */
  async current(): Promise<IndexManifest | null> {
    const state = await this.read();
    return state === "unchanged" ? null : state.manifest;
  }

  /** The manifest state, or "unchanged" when its tag is still `etag`. */
  async read(etag?: string): Promise<ManifestState | "unchanged"> {
    const blob = await this.blobs.read(MANIFEST_NAME, etag);
    if (blob === "unchanged") return blob;
    if (!blob) return { manifest: null, unreadable: false, etag: null };
    const manifest = parseManifest(blob.bytes);
    return { manifest, unreadable: manifest === null, etag: blob.etag };
  }

  /** Makes `manifest` the served index: the last write of an ingest. */
  async publish(manifest: IndexManifest): Promise<void> {
    await this.blobs.write(MANIFEST_NAME, Buffer.from(JSON.stringify(manifest, null, 2)));
  }
}
