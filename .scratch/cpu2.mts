import { readFile } from "node:fs/promises";
import { parseRealCorpus } from "../test/support/load-corpus.ts";
import { parseDocument } from "../ingest/parse-document.ts";
import { decodeText } from "../ingest/read/decode-text.ts";
import { readPlainText } from "../ingest/read/read-plain-text.ts";
await parseRealCorpus();
const seeds = ["sip-2021", "sip-2023", "snd-2021", "jiading-2023", "xiangcheng-2022"];
let total = 0, bytes = 0;
for (const round of [1, 2, 3]) {
  const c0 = process.cpuUsage();
  for (const id of seeds) {
    // Every line changed, so nothing comes from the caches: a document the process has not seen.
    const text = decodeText(await readFile(`seeds/${id}.txt`)).text.split("\n").map((line) => (line.trim() ? `${line}${round}` : line)).join("\n");
    bytes += Buffer.byteLength(text);
    try { parseDocument({ format: "txt", blocks: readPlainText(text) }, { id, title: id, shortName: id, region: "r", issuer: "i", docNumber: null, date: "2024", year: 2024, file: id }); } catch (e) { console.log(id, String(e).slice(0, 80)); }
  }
  const c1 = process.cpuUsage(c0);
  total = (c1.user + c1.system) / 1000;
  console.log(`round ${round}: ${Math.round(total)} ms CPU for 5 unseen documents`);
}
