import { z } from "zod";
import type { SqlClient, SqlRow } from "../store-sql/sql-client.js";
import { generateApiKey, parseApiKey, secretMatches } from "./api-key.js";
import type { ApiKeyInfo, ApiKeyStore } from "./api-key-store.js";

const keyRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(["agent", "admin"]),
  created_at: z.date(),
  revoked_at: z.date().nullable(),
});
const secretRowSchema = keyRowSchema.extend({ salt: z.string(), hash: z.string() });

function toInfo(row: SqlRow): ApiKeyInfo {
  const parsed = keyRowSchema.parse(row);
  return { id: parsed.id, name: parsed.name, role: parsed.role, createdAt: parsed.created_at, revokedAt: parsed.revoked_at };
}

/** API keys in the service store's `api_keys` table. */
export function createSqlApiKeyStore(client: SqlClient, now: () => Date = () => new Date()): ApiKeyStore {
  return {
    async create(name, role) {
      const { key, id, salt, hash } = generateApiKey();
      await client.query("INSERT INTO api_keys (id, name, role, salt, hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)", [id, name, role, salt, hash, now()]);
      return { id, name, role, key };
    },

    async verify(key) {
      const parts = parseApiKey(key);
      if (!parts) return null;
      const [row] = await client.query("SELECT * FROM api_keys WHERE id = $1 AND revoked_at IS NULL", [parts.id]);
      if (!row) return null;
      const stored = secretRowSchema.parse(row);
      return secretMatches(parts.secret, stored.salt, stored.hash) ? { id: stored.id, name: stored.name, role: stored.role } : null;
    },

    async list() {
      return (await client.query("SELECT id, name, role, created_at, revoked_at FROM api_keys ORDER BY created_at, id")).map(toInfo);
    },

    async revoke(idOrName) {
      const rows = await client.query(
        "UPDATE api_keys SET revoked_at = $2 WHERE (id = $1 OR name = $1) AND revoked_at IS NULL RETURNING id, name, role, created_at, revoked_at",
        [idOrName, now()],
      );
      return rows.map(toInfo);
    },
  };
}
