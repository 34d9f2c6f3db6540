/**
 * The naive-RAG baseline (eval/baselines/naive-rag.ts: raw files, 500-char
 * chunks, vector search only) behind the same `POST /api/chat` route shape,
 * answering with its top five chunks: what bench:load compares 企问 against.
 * Chunk vectors are cached in the folder given as the first argument (the
 * OS temp folder by default; never the index's cache). Prints `listening URL`.
 */
import { tmpdir } from "node:os";
import path from "node:path";
import express from "express";
import { z } from "zod";
import { createNaiveRagBaseline } from "../../eval/baselines/naive-rag.js";
import { loadConfig } from "../../src/config/app-config.js";
import { CachedEmbedder } from "../../src/embedding/cached-embedder.js";
import { createEmbedder } from "../../src/embedding/create-embedder.js";

const config = loadConfig();
const embedder = new CachedEmbedder(await createEmbedder(config), process.argv[2] ?? path.join(tmpdir(), "qiwen-bench-naive-rag-cache"));
const baseline = await createNaiveRagBaseline({ seedsDir: config.seedsDir, embedder });
await embedder.flush();
const bodySchema = z.object({ question: z.string().min(1).max(1000) });

const app = express();
app.use(express.json({ limit: "64kb" }));
app.post("/api/chat", async (request, response) => {
  const parsed = bodySchema.safeParse(request.body);
  if (!parsed.success) {
    response.status(400).json({ error: { code: "invalid_request", message: parsed.error.message } });
    return;
  }
  const passages = await baseline.search(parsed.data.question, 5);
  response.json({ answer: passages.join("\n\n"), citations: passages.map((text, index) => ({ ref: index + 1, text })) });
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address() as { port: number };
  process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
});
process.once("SIGTERM", () => {
  server.close();
  server.closeAllConnections();
  void baseline.close().then(() => process.exit(0));
});
