import type { ApiKeyIdentity, ApiKeyRole } from "./api-key.js";

/** A key as `keys list` shows it: never the secret, which is not kept. */
export interface ApiKeyInfo extends ApiKeyIdentity {
  createdAt: Date;
  revokedAt: Date | null;
}

/** The API keys, stored hashed. */
export interface ApiKeyStore {
  /** Creates a key; the returned `key` is the only time its secret exists outside the caller. */
  create(name: string, role: ApiKeyRole): Promise<ApiKeyIdentity & { key: string }>;
  /** The identity of a key that exists and is not revoked, or null. */
  verify(key: string): Promise<ApiKeyIdentity | null>;
  list(): Promise<ApiKeyInfo[]>;
  /** Revokes by id or by name; returns the keys revoked now (none when nothing matched). */
  revoke(idOrName: string): Promise<ApiKeyInfo[]>;
}
