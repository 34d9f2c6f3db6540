import { readHtml } from "./read-html.js";
import type { TextBlock } from "./structured-text.js";

/** Word's own title styles, which mammoth leaves as plain paragraphs by default. */
const STYLE_MAP = ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => h2:fresh", "p[style-name='标题'] => h1:fresh"];

/**
 * A Word .docx file into blocks: mammoth turns it into HTML (headings from the
 * heading styles, bold runs, tables with merged cells) and the HTML reader
 * takes it from there. Images are dropped; linked files are never fetched.
 * Throws when the bytes are not a .docx (zip) file.
 */
export async function readDocx(bytes: Uint8Array): Promise<TextBlock[]> {
  // Loaded on first use: the server holds the readers for the admin page's uploads, and mammoth costs ~13 MB of RSS.
  const { default: mammoth } = await import("mammoth");
  const { value: html } = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
    {
      styleMap: STYLE_MAP,
      externalFileAccess: false,
      convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
    },
  );
  return readHtml(html, { findArticle: false });
}
