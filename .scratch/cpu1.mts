import { parseRealCorpus } from "../test/support/load-corpus.ts";
const c0 = process.cpuUsage(); await parseRealCorpus(); const c1 = process.cpuUsage(c0);
const w0 = process.cpuUsage(); await parseRealCorpus(); const w1 = process.cpuUsage(w0);
console.log("cold cpu", Math.round((c1.user + c1.system) / 1000), "ms; warm cpu", Math.round((w1.user + w1.system) / 1000), "ms", process.argv[2] ?? "");
