import path from "node:path";
import { parseDocument } from "../ingest/parse-document.ts";
import { readDocumentFile } from "../ingest/read/read-document-file.ts";
import { entryFromTruth, readTruthFile } from "../eval/ingest/truth-file.ts";
const file = process.argv[2]!;
const truth = await readTruthFile(file + ".truth.json");
const parsed = parseDocument(await readDocumentFile(file), entryFromTruth(truth, file));
const filter = process.argv[3];
for (const c of parsed.clauses) {
  if (filter && !c.path.includes(filter)) continue;
  console.log(c.id, c.kind, c.path, "|", c.title, "|", c.text.replace(/\n/g, "⏎").slice(0, 300));
  console.log("    L", c.leadUnits, "S", c.supportUnits, "U", c.units, "D", c.deadline, "T", c.unitText);
}
console.log(parsed.diagnostics);
