import * as lancedb from "@lancedb/lancedb";
import { LocalBlobStore, type BlobStore } from "./blob-store.js";
import { lancedbStorageOptions, localIndexLocation, type IndexLocation } from "./index-location.js";
import { IndexRegistry } from "./index-registry.js";
import { S3BlobStore } from "./s3-blob-store.js";

/** Everything under one index location: its LanceDB tables, its registry, the lease and cache objects beside them. */
export interface IndexStorage {
  readonly location: IndexLocation;
  /** The small objects at the location's root (manifest, lease). */
  readonly blobs: BlobStore;
  readonly registry: IndexRegistry;
  /** Where the passage-vector cache lives: beside the index, so every writer host shares it. */
  readonly embeddingCache: BlobStore;
  /** The LanceDB connection (opened once). */
  connect(): Promise<lancedb.Connection>;
  /** True for an object store: readers there never write. */
  readonly remote: boolean;
}

/** Opens the storage of a location: a local folder or an S3-compatible prefix. Nothing is read until used. */
export function openIndexStorage(location: IndexLocation): IndexStorage {
  const blobs: BlobStore = location.kind === "local" ? new LocalBlobStore(location.dir) : new S3BlobStore(location.s3, location.bucket, location.prefix);
  let connection: Promise<lancedb.Connection> | undefined;
  return {
    location,
    blobs,
    registry: new IndexRegistry(blobs),
    embeddingCache: blobs.child("embedding-cache"),
    remote: location.kind !== "local",
    connect() {
      connection ??= lancedb.connect(location.uri, { storageOptions: lancedbStorageOptions(location) }).catch((error: unknown) => {
        connection = undefined;
        throw error;
      });
      return connection;
    },
  };
}

/** The storage of a local index folder under `dataDir` (DATA_DIR/lancedb), as tests and local tools use it. */
export function localIndexStorage(dataDir: string): IndexStorage {
  return openIndexStorage(localIndexLocation(dataDir));
}
