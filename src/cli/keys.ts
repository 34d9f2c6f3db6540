/**
 * `npm run keys -- create --role agent|admin --name NAME [--json]`, `list [--json]`,
 * `revoke ID|NAME [--json]`: the API keys, kept hashed in the service store
 * (PGlite under DATA_DIR, or DATABASE_URL). A new key is printed once; it
 * cannot be shown again. With the embedded store, stop the server first (one
 * process at a time may open it), or use DATABASE_URL.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import type { ApiKeyInfo } from "../auth/api-key-store.js";
import { loadConfig } from "../config/app-config.js";
import { NotFoundError, ValidationError } from "../errors/app-errors.js";
import { openServiceStore, type ServiceStore } from "../store-sql/service-store.js";
import { formatTable } from "./format-table.js";
import { runCli, writeStdout } from "./run-cli.js";

const usage = `usage: npm run keys -- create --role agent|admin --name NAME [--json]
       npm run keys -- list [--json]
       npm run keys -- revoke ID|NAME [--json]`;

const nameSchema = z.string({ error: "--name is required" }).trim().min(1, "--name must not be empty").max(100, "--name is at most 100 characters");

const argsSchema = z.discriminatedUnion(
  "command",
  [
    z.object({ command: z.literal("create"), role: z.enum(["agent", "admin"], "--role must be agent or admin"), name: nameSchema, json: z.boolean() }),
    z.object({ command: z.literal("list"), json: z.boolean() }),
    z.object({ command: z.literal("revoke"), target: z.string({ error: "revoke needs a key id or name" }).min(1), json: z.boolean() }),
  ],
  { error: "expected a command: create, list or revoke" },
);

function readArgs(): z.infer<typeof argsSchema> | null {
  let parsed;
  try {
    parsed = parseArgs({
      options: { role: { type: "string" }, name: { type: "string" }, json: { type: "boolean", default: false }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new ValidationError(`${(error as Error).message}\n${usage}`);
  }
  if (parsed.values.help) return null;
  const [command, target] = parsed.positionals;
  const args = argsSchema.safeParse({ command, target, ...parsed.values });
  if (!args.success) throw new ValidationError(`${args.error.issues[0]!.message}\n${usage}`);
  return args.data;
}

function keyJson(key: ApiKeyInfo) {
  return { id: key.id, name: key.name, role: key.role, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null };
}

/** A time as `2025-03-01 08:30` (UTC). */
function minute(date: Date): string {
  return date.toISOString().slice(0, 16).replace("T", " ");
}

function keyTable(keys: readonly ApiKeyInfo[]): string {
  if (keys.length === 0) return "no keys yet: npm run keys -- create --role admin --name NAME\n";
  const rows = keys.map((key) => [key.id, key.name, key.role, minute(key.createdAt), key.revokedAt ? `revoked ${minute(key.revokedAt)}` : "active"]);
  return `${formatTable(["id", "name", "role", "created (UTC)", "status"], rows)}\n`;
}

async function run(args: z.infer<typeof argsSchema>, store: ServiceStore): Promise<string> {
  if (args.command === "create") {
    const created = await store.apiKeys.create(args.name, args.role);
    if (args.json) return `${JSON.stringify({ key: created.key, name: created.name, role: created.role })}\n`;
    return `created ${created.role} key "${created.name}" (id ${created.id}). It is shown only now; send it as Authorization: Bearer KEY\n${created.key}\n`;
  }
  if (args.command === "list") {
    const keys = await store.apiKeys.list();
    return args.json ? `${JSON.stringify({ keys: keys.map(keyJson) })}\n` : keyTable(keys);
  }
  const revoked = await store.apiKeys.revoke(args.target);
  if (revoked.length === 0) throw new NotFoundError(`no active key with the id or name "${args.target}" (npm run keys -- list)`);
  return args.json ? `${JSON.stringify({ revoked: revoked.map(keyJson) })}\n` : `revoked ${revoked.map((key) => `"${key.name}" (${key.id})`).join(", ")}\n`;
}

async function main(): Promise<void> {
  const args = readArgs();
  if (!args) return writeStdout(`${usage}\n`);
  const store = await openServiceStore(loadConfig());
  try {
    await writeStdout(await run(args, store));
  } finally {
    await store.close();
  }
}

runCli(main);
