import { parseDocument } from "../ingest/parse-document.ts";
import { readPlainText } from "../ingest/read/read-plain-text.ts";
const text = `一、主要任务
1. 推进政务服务“就近办”。（责任单位：区行政审批局、各街道）
2. 完善企业诉求闭环办理机制。（责任单位：区政务服务中心、区工商联、区司法局）
注：责任单位中排在首位的为牵头单位。`;
const p = parseDocument({ format: "txt", blocks: readPlainText(text) }, { id: "t", title: "t", shortName: "t", region: "r", issuer: "i", docNumber: null, date: "2024", year: 2024, file: "t.txt" });
for (const c of p.clauses) console.log(c.id, c.path, c.kind, JSON.stringify(c.text), c.leadUnits, c.supportUnits, c.units);
