import { readFile } from "node:fs/promises";
import path from "node:path";
import { CorpusError } from "../../src/errors/app-errors.js";
import { decodeHtml } from "./decode-html.js";
import { decodeText } from "./decode-text.js";
import { readDocx } from "./read-docx.js";
import { readHtml } from "./read-html.js";
import { PdfReadError, readPdf } from "./read-pdf.js";
import { readPlainText } from "./read-plain-text.js";
import type { DocumentFormat, StructuredText } from "./structured-text.js";

/** File extensions and the format each is read as. */
const formatOfExtension: Record<string, DocumentFormat> = {
  ".txt": "txt",
  ".md": "md",
  ".markdown": "md",
  ".html": "html",
  ".htm": "html",
  ".docx": "docx",
  ".pdf": "pdf",
};

/** The extensions ingest reads, for messages: `.txt, .md, …`. */
export const supportedExtensions = Object.keys(formatOfExtension);

/** The format a file name says it is, or null when ingest does not read it. */
export function formatOf(file: string): DocumentFormat | null {
  return formatOfExtension[path.extname(file).toLowerCase()] ?? null;
}

/** What to tell someone holding a file ingest cannot read. */
function unsupportedMessage(extension: string): string {
  const advice: Record<string, string> = {
    ".doc": "save it as .docx (Word: File → Save As) or as PDF",
    ".wps": "save it as .docx or PDF",
    ".xls": "tables are read from inside a document: put the table into the .docx or save the sheet as .html",
    ".xlsx": "tables are read from inside a document: put the table into the .docx or save the sheet as .html",
    ".png": "an image has no text: use the published .docx, .pdf or web page",
    ".jpg": "an image has no text: use the published .docx, .pdf or web page",
  };
  const hint = advice[extension.toLowerCase()];
  return `unsupported file type "${extension || "(none)"}": ingest reads ${supportedExtensions.join(", ")}${hint ? `; ${hint}` : ""}`;
}

async function readBlocks(format: DocumentFormat, bytes: Uint8Array, file: string): Promise<Omit<StructuredText, "format">> {
  switch (format) {
    case "txt":
    case "md": {
      const { text, encoding } = decodeText(bytes);
      return { encoding, blocks: readPlainText(text) };
    }
    case "html": {
      const { text, encoding } = decodeHtml(bytes);
      return { encoding, blocks: readHtml(text) };
    }
    case "docx":
      try {
        return { blocks: await readDocx(bytes) };
      } catch (error) {
        throw new CorpusError(`not a readable Word .docx file (${(error as Error).message.split("\n")[0]}); an old .doc must be saved as .docx first`, { file });
      }
    case "pdf":
      try {
        return { blocks: await readPdf(bytes) };
      } catch (error) {
        if (error instanceof PdfReadError) throw new CorpusError(error.message, { file });
        throw error;
      }
  }
}

/**
 * Reads a document file of any supported format into structured text. An
 * unsupported, unreadable or empty file is a CorpusError naming it (and, for
 * an unsupported one, the formats that are supported).
 */
export async function readDocumentFile(file: string): Promise<StructuredText> {
  const format = formatOf(file);
  if (!format) throw new CorpusError(unsupportedMessage(path.extname(file)), { file, supported: supportedExtensions });
  const bytes = await readFile(file).catch(() => {
    throw new CorpusError("file cannot be read", { file });
  });
  const read = await readBlocks(format, bytes, file);
  if (read.blocks.length === 0) {
    const why = format === "pdf" ? ": a scanned PDF has no text layer, run OCR on it first" : "";
    throw new CorpusError(`no text found in the file${why}`, { file });
  }
  return { format, ...read };
}
