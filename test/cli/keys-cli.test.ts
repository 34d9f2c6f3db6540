/**
 * `npm run keys`, run as a command against an embedded store: the key it
 * prints once works as a Bearer token on a server over the same store; list
 * and revoke; clear errors for bad arguments and for a store a server holds.
 */
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { existsSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { projectRoot } from "../../src/config/app-config.js";
import { startServer } from "../../src/server/start-server.js";
import { createServices } from "../../src/services/create-services.js";
import { prepareTestIndex } from "../support/test-index.js";

const tsx = path.join(projectRoot, "node_modules", ".bin", "tsx");
let dir: string;
let pgliteDir: string;

function keys(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join(projectRoot, "src", "cli", "keys.ts"), ...args],
      { cwd: projectRoot, env: { ...process.env, DATABASE_URL: "", PGLITE_DIR: pgliteDir }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "qiwen-keys-"));
  // No folder yet, as on a fresh install: the first command creates it (PGlite's initdb, in a child process).
  pgliteDir = path.join(dir, "pglite");
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("npm run keys", () => {
  it("creates a key printed once as { key, name, role }, which a server over the same store accepts", async () => {
    const created = await keys(["create", "--role", "admin", "--name", "值班主管", "--json"]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(existsSync(path.join(pgliteDir, "PG_VERSION"))).toBe(true);
    const printed = z.object({ key: z.string().startsWith("qw_"), name: z.literal("值班主管"), role: z.literal("admin") }).strict().parse(JSON.parse(created.stdout));

    const listed = await keys(["list", "--json"]);
    expect(listed.stdout).not.toContain(printed.key.slice(16));
    expect(JSON.parse(listed.stdout)).toMatchObject({ keys: [{ name: "值班主管", role: "admin", revokedAt: null }] });
    const table = await keys(["list"]);
    expect(table.stdout).toMatch(/值班主管\s+admin\s+\S+ \S+\s+active/);

    const { config } = await prepareTestIndex();
    const serverConfig = { ...config, serviceStore: { kind: "pglite" as const, dataDir: pgliteDir } };
    const services = await createServices(serverConfig);
    const server = await startServer({ config: serverConfig, services, port: 0, app: { webConsole: false } });
    try {
      const gaps = await fetch(`${server.url}/api/admin/gaps`, { headers: { authorization: `Bearer ${printed.key}` } });
      expect(gaps.status).toBe(200);
      // While the server has the embedded store open, the command says so instead of corrupting it.
      const locked = await keys(["list"]);
      expect(locked.code).toBe(1);
      expect(locked.stderr).toMatch(/is open in process \d+ .*stop that process first, or set DATABASE_URL/);
    } finally {
      await server.close();
    }

    const revoked = await keys(["revoke", "值班主管"]);
    expect(revoked.stdout).toMatch(/^revoked "值班主管"/);
    const again = await keys(["revoke", "值班主管"]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/no active key with the id or name "值班主管"/);
  });

  it("names what is wrong with the arguments", async () => {
    const noName = await keys(["create", "--role", "agent"]);
    expect(noName.code).toBe(1);
    expect(noName.stderr).toMatch(/^--name is required/);
    const badRole = await keys(["create", "--role", "root", "--name", "x"]);
    expect(badRole.stderr).toMatch(/^--role must be agent or admin/);
    const noCommand = await keys([]);
    expect(noCommand.stderr).toMatch(/expected a command: create, list or revoke/);
  });
});
