"""wuhou-2025.html: CMS article page (nav, breadcrumb, sidebar lists, footer). Goals are an <ol> too (not measures).
Each measure is an <li> of <ol class="task-list">, typed number in <span class="num">, units in <span class="dept">
and deadline in <span class="deadline">. Unit names are abbreviated with the 区 prefix omitted (发改局, 投促局 …)."""
import os, html
from common import M, write_truth, OUT

FILE = "wuhou-2025.html"
TITLE = "武侯区2025年优化营商环境“十八条”工作措施"
ISSUER = "成都市武侯区人民政府办公室"
DOCNUM = "武府办发〔2025〕6号"

S = [
 ("（一）打造便捷高效的政务环境", [
  M("1.", "推行企业开办“一件事”全程网办。企业设立登记、印章刻制、发票申领、社保登记等事项一次申请、同步办理，企业开办时间压缩至0.5个工作日。",
    ["行政审批局"], ["市场监管局", "税务局", "人社局", "武侯公安分局"], deadline="2025年6月30日前"),
  M("2.", "深化“天府蓉易办”平台武侯专区建设。新增区级特色服务事项30项，企业常办事项“掌上办”比例达到90%以上。",
    ["网络理政办"], ["行政审批局", "大数据中心（智慧城市运行中心）"], deadline="2025年9月30日前"),
  M("3.", "建立重大项目“首席服务员”制度。对总投资亿元以上项目全程帮办代办，项目审批平均用时较2024年缩短20%。",
    ["投促局"], ["发改局", "住建交局", "成都市规划和自然资源局武侯分局"], deadline="2025年12月31日前"),
  M("4.", "推行工程建设项目“分段施工许可”。对具备条件的项目分基坑支护、主体结构等阶段核发施工许可证。",
    resp=["住建交局"], deadline="2025年9月30日前", dept="责任单位：住建交局"),
 ]),
 ("（二）营造公平竞争的市场环境", [
  M("5.", "开展妨碍统一市场和公平竞争的政策措施清理。对区级存量政策文件逐件开展公平竞争审查，清理结果向社会公开。",
    ["市场监管局"], ["司法局"], generic=["区级各部门"], deadline="2025年8月31日前", sup="司法局、区级各部门"),
  M("6.", "落实政府采购支持中小企业政策。预留采购份额中面向中小企业的比例不低于45%，采购资金支付时间不超过10个工作日。",
    ["财政局"], [], deadline="长期坚持", generic=["各采购单位"], sup="各采购单位"),
  M("7.", "推进“信用+监管”分级分类。对信用等级高的企业减少抽查频次，对A级纳税人、A类企业实行“无事不扰”。",
    ["发改局", "市场监管局"], ["税务局", "成都市武侯生态环境局"], deadline="2025年12月31日前"),
  M("8.", "规范涉企收费。开展行业协会商会、中介机构涉企收费专项检查，坚决纠正违规收费行为。",
    resp=["市场监管局", "民政局"], deadline="2025年10月31日前", dept="责任单位：市场监管局、民政局"),
 ]),
 ("（三）构建优质高效的要素环境", [
  M("9.", "加大科技型企业金融支持。推广“科创贷”“人才贷”，新增科技型企业贷款30亿元以上。",
    ["金融局"], ["新经济和科技局", "中国人民银行四川省分行营业管理部武侯支行"], deadline="2025年12月31日前"),
  M("10.", "提升产业园区载体供给。盘活低效楼宇和闲置厂房，新增产业载体面积20万平方米，对入驻重点企业给予房租减免。",
    ["新经济和科技局"], ["投促局", "住建交局"], generic=["各产业功能区管委会"], deadline="2025年12月31日前", sup="投促局、住建交局、各产业功能区管委会"),
  M("11.", "优化人才服务保障。发放“武侯人才卡”，为持卡人才提供子女入学、医疗保健、人才公寓等15项服务。",
    ["组织部（人才办）"], ["教育局", "卫健局"], deadline="2025年第三季度"),
  M("12.", "推进水电气讯联合报装。",
    ["住建交局"], ["国网成都供电公司武侯供电中心", "成都市自来水有限责任公司", "成都燃气集团武侯分公司"], deadline="2025年6月30日前",
    subs=["低压小微企业用电报装实现“三零”服务；", "用水、用气报装环节压减至2个；", "通信网络接入与水电气报装同步受理、同步踏勘。"]),
 ]),
 ("（四）完善公正透明的法治环境", [
  M("13.", "推行柔性执法。动态调整“首违不罚”“轻微不罚”清单，年内清单事项不少于200项。",
    ["司法局"], [], generic=["各行政执法部门"], deadline="2025年9月30日前", sup="各行政执法部门"),
  M("14.", "设立“蓉易诉”企业诉讼服务站。为企业提供立案、调解、诉讼咨询一站式服务，商事案件平均审理周期压缩至60天。",
    ["武侯法院"], ["司法局", "工商联"], deadline="2025年第四季度"),
  M("15.", "加强商业秘密保护。在重点产业园区建设商业秘密保护指导站5个。",
    resp=["市场监管局"], deadline="2025年12月31日前", dept="责任单位：市场监管局"),
 ]),
 ("（五）提供贴心暖心的企业服务", [
  M("16.", "健全“蓉易享”惠企政策兑现机制。推动惠企政策“免申即享”“即申即享”，兑现资金平均到账时间不超过15个工作日。",
    ["财政局"], ["经信局", "新经济和科技局", "商务局"], deadline="持续推进"),
  M("17.", "开展“局长进企业”活动。区级部门主要负责人每月至少走访1家企业，收集问题实行清单化销号管理。",
    ["发改局"], [], generic=["区级各部门", "各街道"], deadline="长期坚持", sup="区级各部门、各街道"),
  M("18.", "建立营商环境观察员制度。选聘50名企业家担任营商环境观察员，定期收集意见建议。",
    ["发改局"], ["工商联"], deadline="2025年6月30日前"),
 ]),
]
MEASURES = [m for _, ms in S for m in ms]


def e(s):
    return html.escape(s, quote=False)


def dept_html(m):
    if m.get("dept"):
        return m["dept"]
    sup = m.get("sup") or "、".join(m["supportUnits"])
    s = "牵头单位：" + "、".join(m["leadUnits"])
    if sup:
        s += "；配合单位：" + sup
    return s


def build():
    lis = []
    for sec, ms in S:
        lis.append('<h3 class="sec">%s</h3>\n<ol class="task-list">' % e(sec))
        for m in ms:
            item = ['<li class="task">', '<p><span class="num">%s</span>%s</p>' % (e(m["marker"]), e(m["text"]))]
            if m.get("subs"):
                item.append('<ul class="sub">' + "".join("<li>%s</li>" % e(s) for s in m["subs"]) + "</ul>")
            item.append('<p class="meta"><span class="dept">%s</span>' % e(dept_html(m)))
            item.append('<span class="deadline">完成时限：%s</span></p>' % e(m["deadline"]))
            item.append('</li>')
            lis.append("\n".join(item))
        lis.append('</ol>')
    body = "\n".join(lis)
    page = f'''<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{e(TITLE)}_政策文件_成都市武侯区人民政府门户网站</title>
<meta name="keywords" content="营商环境,工作措施,武侯区">
<style>
body{{font-family:"Microsoft YaHei",sans-serif;margin:0;background:#f3f3f3}}
.top,.foot{{background:#9b1c1c;color:#fff;padding:8px 40px}}
.nav ul{{list-style:none;display:flex;gap:24px;margin:0;padding:6px 40px;background:#b52a2a}}
.nav a{{color:#fff}}
.wrap{{display:flex;gap:24px;padding:20px 40px}}
.article{{background:#fff;flex:3;padding:24px 40px}}
.side{{flex:1}}
.num{{font-weight:bold;margin-right:4px}}
.task-list{{list-style:none;padding-left:0}}
.meta{{color:#666;font-size:14px}}
.dept{{margin-right:16px}}
</style>
</head>
<body>
<div class="top">成都市武侯区人民政府 | 无障碍 | 长者模式 | English</div>
<div class="nav"><ul>
<li><a href="/">首页</a></li>
<li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwfw/">政务服务</a></li>
<li><a href="/hdjl/">互动交流</a></li>
<li><a href="/yshj/">营商环境</a></li>
<li><a href="/zjwh/">走进武侯</a></li>
</ul></div>
<div class="wrap">
<div class="article">
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/zcwj/">政策文件</a> &gt; 区政府办文件</div>
<table class="info">
<tr><td>索引号：</td><td>11510107MB1A23456X/2025-00031</td><td>发布机构：</td><td>{e(ISSUER)}</td></tr>
<tr><td>文号：</td><td>{e(DOCNUM)}</td><td>发布日期：</td><td>2025-03-21</td></tr>
</table>
<h1>{e(TITLE)}</h1>
<div class="tools">字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a>　<a href="#">打印</a>　<a href="#">分享</a></div>
<div class="content">
<p>各街道办事处，区级各部门：</p>
<p>《{e(TITLE)}》已经区政府第42次常务会议审议通过，现印发给你们，请认真抓好落实。</p>
<p style="text-align:right">{e(ISSUER)}<br>2025年3月20日</p>
<h2>{e(TITLE)}</h2>
<p>为深入贯彻落实《成都市营商环境综合改革实施方案》，持续擦亮“武侯蓉易办”营商服务品牌，推动建设国际化营商环境示范区，制定以下工作措施。</p>
<h3>一、工作目标</h3>
<ol class="goals">
<li>到2025年底，企业开办全程网办率达到100%，政务服务满意度保持在99%以上；</li>
<li>新增经营主体2万户以上，其中新增企业8000户；</li>
<li>力争在全市营商环境评价中保持第一方阵。</li>
</ol>
<h3>二、重点任务</h3>
{body}
<h3>三、保障措施</h3>
<p>（一）加强组织领导。区优化营商环境工作领导小组办公室设在发改局，负责统筹协调、督促落实，各牵头单位要细化工作方案，于2025年4月底前报领导小组办公室。</p>
<p>（二）强化督查问效。将各项措施落实情况纳入区级部门年度目标考核，对工作推进不力的单位予以通报。</p>
<p>（三）做好宣传解读。区委宣传部、网络理政办要加强政策宣传，及时回应企业关切。</p>
<p>本措施自2025年4月1日起施行，有效期至2025年12月31日。</p>
</div>
<div class="attach">附件：<a href="/uploads/2025/03/wuhou-yshj-jiedu.pdf">《武侯区2025年优化营商环境“十八条”工作措施》政策解读.pdf</a></div>
<div class="prevnext">上一篇：<a href="#">武侯区关于支持楼宇经济高质量发展的若干政策</a><br>下一篇：<a href="#">武侯区2025年政务公开工作要点</a></div>
</div>
<div class="side">
<h4>相关文件</h4>
<ul class="related">
<li><a href="#">成都市营商环境综合改革实施方案</a></li>
<li><a href="#">武侯区2024年优化营商环境工作总结</a></li>
<li><a href="#">武侯区惠企政策“免申即享”事项清单（第一批）</a></li>
<li><a href="#">关于开展2025年度营商环境观察员选聘工作的公告</a></li>
</ul>
<h4>热点服务</h4>
<ul class="hot">
<li><a href="#">企业开办一网通办</a></li>
<li><a href="#">12345亲清在线</a></li>
<li><a href="#">惠企政策查询</a></li>
</ul>
</div>
</div>
<div class="foot">主办：成都市武侯区人民政府办公室　承办：武侯区网络理政办　网站标识码：5101070001　蜀ICP备12345678号</div>
</body>
</html>
'''
    open(os.path.join(OUT, FILE), "w", encoding="utf-8").write(page)
    write_truth(FILE, TITLE, "成都市武侯区", 2025, ISSUER, DOCNUM, MEASURES)


if __name__ == "__main__":
    build()
