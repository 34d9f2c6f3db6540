import { createAnalysisCopy } from "./src/text/analysis-copy.ts";
const c = createAnalysisCopy("??嘉定區(qū)（一）牽頭單位：區發改委①…１．");
console.log(c.text);
const i = c.text.indexOf("区发改委");
console.log(i, c.writtenSlice(i, i + 4), c.writtenSlice(0, c.text.length));
