import { scanUnitBlocks } from "../ingest/units/find-unit-blocks.ts";
import { createAnalysisCopy } from "../src/text/analysis-copy.ts";
for (const p of ["推进A。（责任单位：区人社局（牵头）、区财政局）", "推进A。责任单位：区财政局；配合单位：区税务局、各镇（街道）。"]) {
const c = createAnalysisCopy(p);
const s = scanUnitBlocks(c.text);
console.log(c.text);
for (const b of s.blocks) console.log(b.kind, c.text.slice(b.span.start, b.span.end), b.parse.mentions.map(m => m.role + ":" + c.text.slice(m.span.start, m.span.end)), b.parse.generic.map(g => c.text.slice(g.start, g.end)));
}
