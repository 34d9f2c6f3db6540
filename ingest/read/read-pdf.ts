import { createRequire } from "node:module";
import path from "node:path";
import { linesToBlocks, type PdfLine } from "./pdf-paragraphs.js";
import type { TextBlock } from "./structured-text.js";

/** pdf.js's own CMaps and standard fonts, read from node_modules: nothing is fetched. */
const pdfjsRoot = path.dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json"));

/** One piece of text as pdf.js places it on the page. */
interface PlacedText {
  str: string;
  x: number;
  /** Baseline, in points from the top of the page. */
  y: number;
  width: number;
  size: number;
}

/** A reason a PDF cannot be read, for the CorpusError the caller raises. */
export class PdfReadError extends Error {}

/** Groups a page's text items into lines by baseline, left to right within a line. */
function pageLines(items: PlacedText[], page: number, pageHeight: number): PdfLine[] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: { y: number; size: number; items: PlacedText[] }[] = [];
  for (const item of sorted) {
    const line = lines.find((candidate) => Math.abs(candidate.y - item.y) <= Math.max(candidate.size, item.size) * 0.4);
    if (line) line.items.push(item);
    else lines.push({ y: item.y, size: item.size, items: [item] });
  }
  return lines
    .map((line) => {
      const ordered = line.items.sort((a, b) => a.x - b.x);
      let text = "";
      let right = ordered[0]!.x;
      for (const item of ordered) {
        const gap = item.x - right;
        const latinJoin = /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(item.str);
        // Items of one word can sit apart; a wide gap is a column or a table cell.
        if (text && !/\s$/.test(text) && ((latinJoin && gap > item.size * 0.2) || gap > item.size * 1.5)) text += " ";
        text += item.str;
        right = Math.max(right, item.x + item.width);
      }
      const size = Math.max(...ordered.map((item) => item.size));
      return { page, pageHeight, text: text.replace(/\s+/g, " ").trim(), x: ordered[0]!.x, right, y: line.y, size };
    })
    .filter((line) => line.text !== "")
    .sort((a, b) => a.y - b.y);
}

/**
 * A PDF into blocks, through pdf.js (the legacy build for Node, no worker
 * thread, no font loading, no network). Lines are rebuilt from the text's
 * positions, page numbers and running headers dropped, and lines rejoined into
 * paragraphs — across pages too. Throws PdfReadError for a file pdf.js cannot
 * open (not a PDF, encrypted).
 */
export async function readPdf(bytes: Uint8Array): Promise<TextBlock[]> {
  const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const task = getDocument({
    data: new Uint8Array(bytes),
    cMapUrl: `${path.join(pdfjsRoot, "cmaps")}/`,
    cMapPacked: true,
    standardFontDataUrl: `${path.join(pdfjsRoot, "standard_fonts")}/`,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    useWorkerFetch: false,
    disableAutoFetch: true,
    disableStream: true,
    verbosity: 0,
  });
  let document;
  try {
    document = await task.promise;
  } catch (error) {
    const name = (error as Error).name;
    throw new PdfReadError(name === "PasswordException" ? "the PDF is password-protected: save an unprotected copy" : `not a readable PDF (${(error as Error).message})`);
  }
  try {
    const lines: PdfLine[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const { height } = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items: PlacedText[] = [];
      for (const item of content.items) {
        if (!("str" in item) || item.str.trim() === "") continue;
        const [a, b, , , x, y] = item.transform as number[];
        items.push({ str: item.str, x: x!, y: height - y!, width: item.width, size: Math.hypot(a!, b!) || item.height });
      }
      lines.push(...pageLines(items, number, height));
      page.cleanup();
    }
    return linesToBlocks(lines, document.numPages);
  } finally {
    await document.destroy();
  }
}
