import { parseDocument } from "../ingest/parse-document.ts";
import { readPlainText } from "../ingest/read/read-plain-text.ts";
const entry = { id: "p", title: "x", shortName: "x", region: "r", issuer: "i", docNumber: null, date: "2024", year: 2024, file: "p.txt" };
const plans = [`某市优化营商环境三年行动计划（2024—2026年）
第一部分 总体目标
到2026年，营商环境便利度显著提升。
第二部分 主要任务
（一）提升政务服务水平
1、深化“高效办成一件事”改革。年内推出20个“一件事”。责任单位：市政务办、市数据局，各县（市、区）政府
2、推进政务服务“跨省通办”。牵头单位：市政务办 配合单位：市公安局、市人社局 完成时间：2024年12月
（二）优化市场环境
1、清理妨碍统一市场的规定。（市发展改革委、市市场监管局、市司法局按职责分工负责）
2、规范涉企收费。由市发展改革委和市财政局牵头，市市场监管局参与。
第三部分 保障措施
各地各部门要高度重视，抓好落实。`,
`## 一、重点任务
| 序号 | 项目 | 数量 |
| --- | --- | --- |
| 1 | 一件事 | 20 |
### （一）企业开办
**（1）压缩开办时间。**开办时间压缩至1个工作日。责任单位：区市场监管局
**（2）推行电子证照。**推行电子营业执照应用。责任单位：区市场监管局、区大数据中心
### （二）项目建设
- 推行“拿地即开工”。（区住建局）
- 推行联合验收。（区住建局、区规划局）`];
for (const text of plans) {
  const parsed = parseDocument({ format: "md", blocks: readPlainText(text) }, entry);
  for (const c of parsed.clauses) console.log(c.id, c.kind, c.path, "|", c.title, "|", c.text.replace(/\n/g, "⏎").slice(0, 70), "| L", c.leadUnits.join("、"), "S", c.supportUnits.join("、"), "U", c.units.join("、"), "D", c.deadline);
  console.log(parsed.diagnostics, "\n");
}
