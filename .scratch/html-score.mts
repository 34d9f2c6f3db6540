import { readFileSync } from "node:fs";
import { parse as parseHtml } from "node-html-parser";
import { parseDocument } from "../ingest/parse-document.ts";
import { scoreDocument } from "../eval/ingest/score-document.ts";
import { entryFromTruth, readTruthFile } from "../eval/ingest/truth-file.ts";
import type { TextBlock } from "../ingest/read/structured-text.ts";
const [file, truthFile] = [process.argv[2]!, process.argv[3]!];
const root = parseHtml(readFileSync(file, "utf8"));
for (const el of root.querySelectorAll("script,style,nav,footer,header")) el.remove();
const blocks: TextBlock[] = [];
let line = 0;
const walk = (node: any) => {
  for (const child of node.childNodes) {
    const tag = child.rawTagName?.toLowerCase();
    if (!tag) continue;
    if (tag === "table") {
      blocks.push({ kind: "table", line: ++line, rows: child.querySelectorAll("tr").map((tr: any) => tr.querySelectorAll("td,th").map((td: any) => td.text.trim())) });
    } else if (/^(p|h[1-6]|li)$/.test(tag)) {
      const text = child.text.replace(/\s+/g, " ").trim();
      if (text) {
        const first = child.childNodes.find((n: any) => n.rawTagName || n.text.trim());
        const bold = first && /^(strong|b)$/i.test(first.rawTagName ?? "") ? first.text.trim().length : undefined;
        blocks.push({ kind: "paragraph", text, line: ++line, ...(tag.startsWith("h") ? { headingLevel: Number(tag[1]) } : {}), ...(bold ? { boldLeadLength: bold } : {}) });
      }
    } else walk(child);
  }
};
walk(root);
const truth = await readTruthFile(truthFile);
const parsed = parseDocument({ format: "html", blocks }, entryFromTruth(truth, file));
const s = scoreDocument(parsed, truth);
console.log(JSON.stringify({ ...s, notes: s.notes.length }), "\n", s.notes.join("\n"));
