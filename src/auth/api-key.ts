import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** What a key may do: agents chat, admins also read the question log and the gap report. */
export type ApiKeyRole = "agent" | "admin";

/** The key a request carried, once verified (what `response.locals.apiKey` holds). */
export interface ApiKeyIdentity {
  id: string;
  name: string;
  role: ApiKeyRole;
}

/** `qw_` + a public id (12 hex digits, to look the key up) + `_` + a 256-bit secret (base64url). */
const keyPattern = /^qw_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

/** A new key's parts: the whole key is shown once; only id, salt and hash are kept. */
export function generateApiKey(): { key: string; id: string; salt: string; hash: string } {
  const id = randomBytes(6).toString("hex");
  const secret = randomBytes(32).toString("base64url");
  const salt = randomBytes(16).toString("hex");
  return { key: `qw_${id}_${secret}`, id, salt, hash: hashSecret(salt, secret) };
}

/**
 * sha256 of salt and secret. A fast hash is enough: the secret is 256 random
 * bits, not a password, so there is nothing to guess; a slow one (scrypt) would
 * cost every request tens of milliseconds.
 */
export function hashSecret(salt: string, secret: string): string {
  return createHash("sha256").update(salt).update(secret).digest("hex");
}

/** The id and secret of a well-formed key, or null. */
export function parseApiKey(key: string): { id: string; secret: string } | null {
  const match = keyPattern.exec(key);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

/** Whether the secret matches the stored hash, in constant time. */
export function secretMatches(secret: string, salt: string, hash: string): boolean {
  const expected = Buffer.from(hash, "hex");
  const actual = Buffer.from(hashSecret(salt, secret), "hex");
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
