"""Writes ../questions.jsonl (24 questions, 4 per document)."""
import json, os
from common import OUT

def Q(question, kind, doc, evidence, units=(), facts=(), history=(), answerable=True, note=None):
    d = dict(question=question, history=list(history), kind=kind, doc=doc, evidence=list(evidence),
             units=list(units), facts=list(facts), answerable=answerable)
    if note: d["note"] = note
    return d

U = lambda c: {"role": "user", "content": c}
A = lambda c: {"role": "assistant", "content": c}

QS = [
 # xinwu-2025.docx
 Q("新吴区推动政务服务自助终端进园区、进楼宇，牵头单位和配合单位分别是哪些？", "dept", "xinwu-2025",
   ["推动政务服务自助终端进园区、进楼宇"], ["区大数据管理中心", "区行政审批局"],
   note="row 7: its 牵头单位 cell is merged with row 6 (vertical merge), so the lead is only written once, in row 6; 配合单位 cell also holds the generic 各街道, which is not a unit"),
 Q("我在新吴开连锁店，想在区里多开几个门店，每家店都得单独去办分公司登记吗？", "paraphrase", "xinwu-2025",
   ["开展“一照多址”改革试点", "免于办理分支机构登记"], [], [],
   note="owner's words for 一照多址 / 免于分支机构登记; short region name 新吴"),
 Q("新吴区转贷应急资金总规模多少？单笔转贷周转要多长时间？", "numeric", "xinwu-2025",
   ["设立总规模5亿元的转贷应急资金"], [], ["5亿元", "3个工作日"],
   note="row 10 has two lead units in one cell"),
 Q("那这项工作由哪个部门牵头？完成时间是什么时候？", "followup", "xinwu-2025",
   ["健全企业诉求“接诉即办”机制"], ["区营商办"], ["长期坚持"],
   history=[U("新吴区企业反映的诉求一般多久能办结？"), A("根据《新吴区2025年持续优化营商环境行动方案》，通过12345热线、企业服务码等渠道受理的企业诉求，一般诉求3个工作日内办结，复杂诉求15个工作日内办结。")],
   note="row 17: 完成时间 cell is merged over rows 16-18 (长期坚持); 配合单位 holds only generic phrases"),
 # xujiahui-2025.docx
 Q("徐家汇街道的楼宇营商服务站提质行动由哪个单位牵头？", "dept", "xujiahui-2025",
   ["开展楼宇营商服务站提质行动"], ["社区党群服务中心（楼宇党建服务站）"],
   note="the lead unit's name has its own parenthesis followed by （牵头）; the 责任领导 line above it is a person's post, not a unit"),
 Q("我们公司在徐家汇的写字楼办公，街道会不会派专人定期来对接企业？", "paraphrase", "xujiahui-2025",
   ["建立重点企业“服务专员”制度", "各配备1名服务专员"], [], [],
   note="measure 1 (auto-numbered list item; the number 1. exists only as Word numbering)"),
 Q("徐家汇街道对涉企工单的平均处置时间要求是多少？", "numeric", "xujiahui-2025",
   ["涉企工单平均处置时间不超过48小时"], [], ["48小时"],
   note="measure 9; 责任单位 has one unmarked unit, so it is a responsibleUnits case"),
 Q("徐家汇街道对新迁入的企业有办公用房租金补贴吗？补贴标准是多少？", "outofscope", None, [], [], [], answerable=False,
   note="near-domain: xujiahui measure 13 is about 保障性租赁住房 for young talent (房源不少于150套), not office rent subsidies; wuhou 10 mentions 房租减免 without a standard and for another region"),
 # haishu-2025.pdf
 Q("海曙区竣工联合验收“一口受理”由哪个部门牵头，哪些部门配合？", "dept", "haishu-2025",
   ["实行竣工联合验收“一口受理”"], ["区住建局", "宁波市自然资源和规划局海曙分局", "区消防救援大队"],
   note="units in the trailing parenthesis （责任部门：…（牵头）…；完成时限：…）, which wraps over lines in the PDF"),
 Q("我在海曙做外贸，想带产品去国外参展，区里能补贴展位费吗？", "paraphrase", "haishu-2025",
   ["支持外贸企业开拓国际市场"], [], ["50%"],
   note="四、3.（2）; the parenthesis names one unit without （牵头）: responsibleUnits"),
 Q("海曙区小微企业低压办电时间压缩到几个工作日以内？适用于多大容量？", "numeric", "haishu-2025",
   ["的小微企业实行低压接入，无外线工程的低压办电时间"], [], ["5个工作日", "160千瓦"],
   note="三、3. is a heading that only introduces two paragraphs, each with its own parenthesis; both carry marker 3.; pdftotext puts spaces between CJK and digits (160 千瓦), so the evidence avoids digits"),
 Q("那这项补贴由哪个部门牵头负责？", "followup", "haishu-2025",
   ["落实青年人才安居政策"], ["区住建局"], [],
   history=[U("海曙区对来工作的高校毕业生有租房补贴吗？"), A("有。海曙区对符合条件的高校毕业生发放租房补贴，每人每月最高1500元，最长发放3年。")]),
 # nansha-2025.pdf
 Q("南沙区推行进口货物“船边直提”、出口货物“抵港直装”，牵头单位是谁？", "dept", "nansha-2025",
   ["推行进口货物“船边直提”和出口货物“抵港直装”"], ["南沙海关"],
   note="a customs office as lead unit; the English line below repeats it as Nansha Customs"),
 Q("我是香港人，想在南沙开公司，注册时一定要本人跑回内地核验身份吗？", "paraphrase", "nansha-2025",
   ["推行外商投资企业登记“跨境通办”"], [], [],
   note="measure 1: 远程身份核验 / 一次都不跑"),
 Q("南沙区今年跨境人民币结算量的目标是多少？", "numeric", "nansha-2025",
   ["民币结算量力争突破2000亿元", "拓展跨境金融服务"], [], ["2000亿元"],
   note="the 总体目标 paragraph has other numbers (300项, 4000家) that are not measures"),
 Q("Which department leads Nansha's instant-approval ('秒批') reform for business permits, and how many more items will be added?", "english", "nansha-2025",
   ["推行涉企审批“秒批秒办”", "Instant approval for business"], ["区政务服务和数据管理局（区行政审批局）"], ["50"],
   note="the lead's name carries a parenthesis; 配合单位 is only the generic 各相关部门"),
 # wuhou-2025.html
 Q("武侯区企业开办“一件事”全程网办由哪个部门牵头？哪些单位配合？", "dept", "wuhou-2025",
   ["推行企业开办“一件事”全程网办"], ["行政审批局", "市场监管局", "税务局", "人社局", "武侯公安分局"],
   note="units are abbreviated without the 区 prefix, inside <span class=\"dept\">"),
 Q("在武侯开店，头一回犯点小错会不会直接被罚款？", "paraphrase", "wuhou-2025",
   ["动态调整“首违不罚”“轻微不罚”清单"], [], [],
   note="measure 13 柔性执法; 配合单位 holds only 各行政执法部门"),
 Q("武侯区今年要新增多少产业载体面积？", "numeric", "wuhou-2025",
   ["新增产业载体面积20万平方米"], [], ["20万平方米"]),
 Q("In Wuhou District, which department is responsible for trade-secret protection, and how many guidance stations will be set up?", "english", "wuhou-2025",
   ["加强商业秘密保护"], ["市场监管局"], ["5"],
   note="measure 15 has 责任单位 with one unit and no 牵头/配合 split: responsibleUnits"),
 # shunde-2025.txt
 Q("顺德区设立制造业企业转贷资金由哪些单位牵头？", "dept", "shunde-2025",
   ["设立制造业企业转贷资金"], ["区财税局", "区金融工作局"],
   note="主责单位 lists two units (both lead); 协同单位 = support"),
 Q("我在顺德的小公司准备关掉，走简易注销要公告多少天？", "paraphrase", "shunde-2025",
   ["推广简易注销，公告时间由45天压减至20天"], [], ["20天"],
   note="sub-item 1. of 一、（三）, which shares the measure's single 主责/协同 block"),
 Q("顺德村级工业园改造项目的审批总用时要控制在多少个工作日以内？", "numeric", "shunde-2025",
   ["推进村级工业园改造项目审批提速"], [], ["50个工作日"],
   note="the 完成时间 line of this measure falls after a page-number line (— 2 —)"),
 Q("顺德区对企业在科创板上市给多少奖励？", "outofscope", None, [], [], [], answerable=False,
   note="near-domain: no document has listing rewards; shunde covers 转贷资金 and 惠企资金一键兑现 only"),
]

with open(os.path.join(OUT, "questions.jsonl"), "w", encoding="utf-8") as f:
    for i, q in enumerate(QS, 1):
        q = dict(id="bd4-%03d" % i, **q)
        f.write(json.dumps(q, ensure_ascii=False) + "\n")
print(len(QS))
