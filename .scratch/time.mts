import { parseRealCorpus } from "../test/support/load-corpus.ts";
for (let i = 0; i < 4; i++) { const t = performance.now(); await parseRealCorpus(); console.log(Math.round(performance.now() - t), "ms"); }
