import { writeFileSync } from "node:fs";
import { parseRealCorpus } from "../test/support/load-corpus.ts";
const c = await parseRealCorpus();
const out: any = {};
for (const [id, d] of c) out[id] = d.clauses;
writeFileSync(process.argv[2]!, JSON.stringify(out, null, 1));
for (const [id, d] of c) console.log(id, d.clauses.length, JSON.stringify(d.diagnostics).slice(0, 300));
