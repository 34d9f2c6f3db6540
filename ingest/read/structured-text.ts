/**
 * What every reader (.txt, .md, .html, .docx, .pdf) turns a file into, so the
 * rest of ingest never needs to know the format: the document's paragraphs and
 * tables, in reading order, with the text as written (artefacts of the format —
 * markup, page numbers, running headers, lines broken mid-sentence — removed).
 */

/** A paragraph of text as the document writes it. */
export interface ParagraphBlock {
  kind: "paragraph";
  /** The paragraph's text, original characters kept (Traditional stays Traditional). */
  text: string;
  /** Where it starts, for error messages: the 1-based line of a text file, or the block's position in the others. */
  line: number;
  /** 1–6 when the source marked it as a heading (`<h2>`, `## …`, a Word heading style); absent otherwise. */
  headingLevel?: number;
  /** Length of a bold run the paragraph starts with (`**推进……。**` / `<strong>`), when it has one. */
  boldLeadLength?: number;
}

/** A table, as rows of cell texts (the header row first when the table has one). */
export interface TableBlock {
  kind: "table";
  rows: string[][];
  line: number;
}

export type TextBlock = ParagraphBlock | TableBlock;

/** The formats ingest reads. */
export const documentFormats = ["txt", "md", "html", "docx", "pdf"] as const;
export type DocumentFormat = (typeof documentFormats)[number];

/** A document file read into blocks. */
export interface StructuredText {
  format: DocumentFormat;
  /** The character encoding a text file was decoded from (`utf-8`, `gb18030`); absent for binary formats. */
  encoding?: string;
  blocks: TextBlock[];
}
