import type { TextBlock } from "./structured-text.js";

/** A row of a tab-separated or markdown pipe table, split into cells; null for any other line. */
function tableCells(line: string): string[] | null {
  if (line.includes("\t")) return line.split("\t").map((cell) => cell.trim());
  const pipe = line.trim().match(/^\|(.*)\|$/);
  if (pipe) return pipe[1]!.split("|").map((cell) => cell.trim());
  return null;
}

/** `| --- | :---: |`: the line under a markdown table's header. */
const MARKDOWN_RULE = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

/**
 * Plain text (and markdown) into blocks: every non-empty line is a paragraph —
 * a text file cannot say where an exported paragraph really ends, so rejoining
 * lines is the parser's call — and runs of tab-separated or `| … |` lines are
 * tables (blank lines between rows allowed). Markdown heading marks become `headingLevel`, a leading `**…**` run
 * `boldLeadLength`; both are removed from the text.
 */
export function readPlainText(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = index + 1;
    if (raw.trim() === "" || MARKDOWN_RULE.test(raw.trim())) continue;
    const cells = tableCells(raw);
    const previous = blocks.at(-1);
    if (cells) {
      if (previous?.kind === "table") previous.rows.push(cells);
      else blocks.push({ kind: "table", rows: [cells], line });
      continue;
    }
    let body = raw.replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
    const heading = body.match(/^(#{1,6})\s+/);
    const headingLevel = heading ? heading[1]!.length : undefined;
    if (heading) body = body.slice(heading[0].length);
    const bold = body.match(/^\*\*([^*]+)\*\*/);
    const boldLeadLength = bold ? bold[1]!.length : undefined;
    body = body.replace(/\*\*([^*]*)\*\*/g, "$1");
    blocks.push({ kind: "paragraph", text: body, line, ...(headingLevel ? { headingLevel } : {}), ...(boldLeadLength ? { boldLeadLength } : {}) });
  }
  // A single tab-separated line is not a table: give it back as a paragraph.
  return blocks.map((block) => (block.kind === "table" && block.rows.length === 1 ? { kind: "paragraph", text: block.rows[0]!.join(" "), line: block.line } : block));
}
