import { readFile } from "node:fs/promises";
import path from "node:path";
import { CorpusError } from "../../src/errors/app-errors.js";
import { decodeText } from "./decode-text.js";
import { readPlainText } from "./read-plain-text.js";
import { documentFormats, type DocumentFormat, type StructuredText } from "./structured-text.js";

/** File extensions and the format each is read as. */
const formatOfExtension: Record<string, DocumentFormat> = { ".txt": "txt", ".md": "md", ".markdown": "md" };

/** The format a file name says it is, or null when ingest does not read it. */
export function formatOf(file: string): DocumentFormat | null {
  return formatOfExtension[path.extname(file).toLowerCase()] ?? null;
}

/**
 * Reads a document file of any supported format into structured text. An
 * unsupported or unreadable file is a CorpusError naming it and the formats
 * that are supported.
 */
export async function readDocumentFile(file: string): Promise<StructuredText> {
  const format = formatOf(file);
  if (!format) {
    const supported = Object.keys(formatOfExtension).join(", ");
    throw new CorpusError(`unsupported file type "${path.extname(file) || "(none)"}": ingest reads ${supported}`, { file, supported: documentFormats });
  }
  const bytes = await readFile(file).catch(() => {
    throw new CorpusError("file cannot be read", { file });
  });
  const { text, encoding } = decodeText(bytes);
  return { format, encoding, blocks: readPlainText(text) };
}
