import { parseDocument } from "../ingest/parse-document.ts";
import { readPlainText } from "../ingest/read/read-plain-text.ts";
const text = process.argv[2] === "a" ? `某区2024年营商环境重点任务清单
序号\t工作任务\t责任部门\t协办部门\t时间节点
1\t推行惠企政策免申即享\t区财政局\t区发改委、区科技局\t2024年6月底前
2\t建立企业服务专员制度\t区工信局\t各街道\t2024年底前` : `某区2024年优化营商环境行动方案
1 总体要求
坚持问题导向，持续优化营商环境。
2 重点任务
2.1 推行企业开办“一网通办”，实现营业执照、公章、发票一
— 3 —
某区2024年优化营商环境行动方案
次申领。（牵头单位：区市场监管局；牵头领导：张三；联系电话：12345678）
2.2 推广“信易贷”平台，扩大中小企业信用贷款规模。（责任单位：区金融办 区发改委）`;
console.log(readPlainText(text).map(b => b.kind));
try {
const p = parseDocument({ format: "txt", blocks: readPlainText(text) }, { id: "t", title: "t", shortName: "t", region: "r", issuer: "i", docNumber: null, date: "2024", year: 2024, file: "t.txt" });
for (const c of p.clauses) console.log(c.id, c.path, c.kind, JSON.stringify(c.text), c.leadUnits, c.supportUnits, c.units, c.deadline);
} catch (e) { console.log(String(e)); }
