import type { BlobStore, StoredBlob } from "./blob-store.js";
import type { S3Settings } from "./index-location.js";
import { signS3Request } from "./sign-s3-request.js";

/** How long one object request may take before it counts as failed. */
const REQUEST_TIMEOUT_MS = 15_000;

/** An object-store request that failed: names the operation, the key and what the store said. */
export class ObjectStoreError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ObjectStoreError";
  }
}

/**
 * A BlobStore under a prefix of an S3-compatible bucket, spoken to directly
 * (path-style URLs, SigV4), as LanceDB's own object store does. PUT replaces
 * an object atomically; `create` sends `If-None-Match: *`, which S3, MinIO and
 * R2 honour and simpler stores ignore (the lease then relies on reading back).
 */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly settings: S3Settings,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  private url(name: string): URL {
    const key = [this.prefix, name].filter(Boolean).join("/");
    return new URL(`${this.settings.endpoint}/${this.bucket}/${key.split("/").map(encodeURIComponent).join("/")}`);
  }

  private async send(method: string, name: string, options: { body?: Uint8Array; headers?: Record<string, string> } = {}): Promise<Response> {
    const url = this.url(name);
    const headers = signS3Request({ method, url, body: options.body, headers: options.headers }, this.settings);
    try {
      return await fetch(url, { method, headers, body: options.body as BodyInit | undefined, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new ObjectStoreError(`${method} s3://${this.bucket}/${url.pathname.split("/").slice(2).join("/")} failed: ${(error as Error).message}`, 0);
    }
  }

  private async fail(response: Response, method: string, name: string): Promise<never> {
    const text = await response.text().catch(() => "");
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? response.statusText;
    throw new ObjectStoreError(`${method} s3://${this.bucket}/${[this.prefix, name].filter(Boolean).join("/")}: ${response.status} ${code}`, response.status);
  }

  async read(name: string, ifNoneMatch?: string): Promise<StoredBlob | null | "unchanged"> {
    const response = await this.send("GET", name, { headers: ifNoneMatch ? { "if-none-match": ifNoneMatch } : {} });
    if (response.status === 304) return "unchanged";
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok) return this.fail(response, "GET", name);
    const bytes = Buffer.from(await response.arrayBuffer());
    const etag = response.headers.get("etag") ?? "";
    if (ifNoneMatch && etag === ifNoneMatch) return "unchanged";
    return { bytes, etag };
  }

  async write(name: string, bytes: Uint8Array): Promise<void> {
    const response = await this.send("PUT", name, { body: bytes });
    if (!response.ok) return this.fail(response, "PUT", name);
    await response.body?.cancel();
  }

  async create(name: string, bytes: Uint8Array): Promise<boolean> {
    const response = await this.send("PUT", name, { body: bytes, headers: { "if-none-match": "*" } });
    if (response.status === 412 || response.status === 409) {
      await response.body?.cancel();
      return false;
    }
    if (!response.ok) return this.fail(response, "PUT", name);
    await response.body?.cancel();
    return true;
  }

  async remove(name: string): Promise<void> {
    const response = await this.send("DELETE", name);
    if (!response.ok && response.status !== 404) return this.fail(response, "DELETE", name);
    await response.body?.cancel();
  }

  child(folder: string): BlobStore {
    return new S3BlobStore(this.settings, this.bucket, [this.prefix, folder].filter(Boolean).join("/"));
  }
}
