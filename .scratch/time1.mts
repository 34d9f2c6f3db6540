import { parseRealCorpus } from "../test/support/load-corpus.ts";
const t = performance.now(); await parseRealCorpus(); console.log(Math.round(performance.now() - t), "ms");
