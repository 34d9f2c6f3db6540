/**
 * `npm run ask -- "问题" [--json] [--doc ID] [--region 相城区] [--k N]`:
 * answers one question from the index, for a person (answer, then each cited
 * clause with its document, path, title and units) or, with --json, as exactly
 * the JSON `POST /api/chat` returns.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { chatRequestSchema, type ChatResponse } from "../answer/chat-schemas.js";
import { loadConfig } from "../config/app-config.js";
import { IndexNotReadyError, ValidationError } from "../errors/app-errors.js";
import { parseInput } from "../server/parse-request.js";
import { resolveFilters } from "../server/resolve-filters.js";
import { createServices } from "../services/create-services.js";
import type { IndexManifest } from "../store/index-manifest.js";
import { openIndexStorage } from "../store/index-storage.js";
import { runCli, writeStdout } from "./run-cli.js";
import { NO_UNITS_TEXT } from "../answer/format-units.js";

const usage = 'usage: npm run ask -- "问题" [--json] [--doc ID]… [--region 相城区]… [--k N]';

const argsSchema = z.object({
  question: z.string().trim().min(1, `a question is required\n${usage}`),
  json: z.boolean().default(false),
  doc: z.array(z.string()).optional(),
  region: z.array(z.string()).optional(),
  k: z.coerce.number({ error: "--k must be a number" }).int("--k must be a whole number").min(1, "--k is at least 1").max(20, "--k is at most 20").optional(),
});

const options = {
  json: { type: "boolean" },
  doc: { type: "string", multiple: true },
  region: { type: "string", multiple: true },
  k: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The parsed arguments, or null when help was asked for. */
function readArgs(): z.infer<typeof argsSchema> | null {
  let parsed;
  try {
    parsed = parseArgs({ options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ValidationError(`${(error as Error).message}\n${usage}`);
  }
  if (parsed.values.help) return null;
  const args = argsSchema.safeParse({ ...parsed.values, question: parsed.positionals.join(" ") });
  if (!args.success) throw new ValidationError(args.error.issues[0]!.message);
  return args.data;
}

/** The answer for a person: the text, then what it cites. */
function formatForPerson(response: ChatResponse, manifest: IndexManifest): string {
  const shortNames = new Map(manifest.documents.map((document) => [document.id, document.shortName]));
  const citations = response.citations.map((citation) => {
    const heading = [`[${citation.ref}] 《${shortNames.get(citation.docId) ?? citation.docTitle}》`, citation.path, citation.title].filter(Boolean).join(" ");
    const units = citation.units.length > 0 ? citation.units.join("、") : NO_UNITS_TEXT;
    return `${heading}\n    责任单位：${units}`;
  });
  const footer = `(${response.mode === "llm" ? "LLM" : "摘录"} · 检索 ${response.timings.retrievalMs} ms · 共 ${response.timings.totalMs} ms)`;
  return [response.answer, ...(citations.length > 0 ? ["", "引用条款：", ...citations] : []), "", footer, ""].join("\n");
}

async function main(): Promise<void> {
  const args = readArgs();
  if (!args) return writeStdout(`${usage}\n`);
  const config = loadConfig();
  // Checked before the model loads, so a typo costs no wait.
  const manifest = await openIndexStorage(config.index).registry.current();
  if (!manifest) throw new IndexNotReadyError(`no index at ${config.index.uri}: run \`npm run ingest\` first`);
  const filters = resolveFilters(
    args.doc || args.region ? { docIds: args.doc, regions: args.region } : undefined,
    manifest,
    { docIds: "--doc", regions: "--region" },
  );
  const request = parseInput(chatRequestSchema, { question: args.question, filters, topK: args.k }, "body");

  const services = await createServices(config);
  const response = await services.answers.answer(request);
  const { manifest: served } = await services.index.current();
  await writeStdout(args.json ? `${JSON.stringify(response)}\n` : formatForPerson(response, served));
}

runCli(main);
