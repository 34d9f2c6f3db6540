"""nansha-2025.pdf: bilingual (Chinese + English) plan. Each measure: Chinese paragraph, English paragraph (italic),
a Chinese unit line 牵头单位：…；配合单位：…；完成时限：… and an English unit line Lead/Support/Deadline. Measures are
numbered 1–16 continuously, sections 一、… with English headings. No CJK/Latin autospace (unlike haishu)."""
import os
from fodt import Doc
from common import M, write_truth, soffice

FILE = "nansha-2025.pdf"
TITLE = "广州市南沙区2025年打造国际一流营商环境行动方案"
ISSUER = "广州市南沙区人民政府办公室"
DOCNUM = "穗南府办〔2025〕9号"

SW = "区政务服务和数据管理局（区行政审批局）"
S = [
 ("一、提升投资贸易便利度", "I. Facilitating Investment and Trade", [
  M("1.", "推行外商投资企业登记“跨境通办”。依托港澳地区服务网点，为港澳投资者提供企业设立登记远程身份核验和“一次都不跑”服务。",
    ["区市场监督管理局"], ["区港澳事务局", SW], deadline="2025年6月30日前",
    en="Cross-border registration for foreign-invested enterprises. Using service points in Hong Kong and Macao, offer investors remote identity verification and fully online company registration.",
    en_units="Lead: District Administration for Market Regulation; Support: District Hong Kong and Macao Affairs Bureau, District Government Services and Data Administration; Deadline: 30 June 2025"),
  M("2.", "深化国际贸易“单一窗口”南沙特色应用。拓展跨境电商、船舶通关、冷链查验等特色功能，主要申报业务应用率保持100%。",
    ["区商务局"], ["南沙海关", "南沙海事局"], deadline="2025年9月30日前",
    en="Extend the Nansha features of the International Trade Single Window to cross-border e-commerce, vessel clearance and cold-chain inspection, keeping the usage rate of main declarations at 100%.",
    en_units="Lead: District Commerce Bureau; Support: Nansha Customs, Nansha Maritime Safety Administration; Deadline: 30 September 2025"),
  M("3.", "推行进口货物“船边直提”和出口货物“抵港直装”。符合条件的集装箱货物平均通关时间较2024年压缩10%。",
    ["南沙海关"], ["广州港南沙港务有限公司", "区交通运输局"], deadline="2025年12月31日前",
    en="Direct pick-up at ship side for imports and direct loading on arrival for exports; average clearance time for eligible container cargo cut by 10% against 2024.",
    en_units="Lead: Nansha Customs; Support: Guangzhou Port Nansha Port Affairs Co., Ltd., District Transport Bureau; Deadline: 31 December 2025"),
  M("4.", "便利外籍商务人员出入境和停居留。为重点企业邀请的外籍商务人员开辟签证、居留许可办理绿色通道，办理时限压缩至5个工作日。",
    ["广州市公安局南沙区分局"], ["区商务局"], deadline="2025年第三季度",
    en="Easier entry, exit and residence for foreign business people. A green channel for visas and residence permits for staff invited by key enterprises, processed within 5 working days.",
    en_units="Lead: Nansha Branch of Guangzhou Public Security Bureau; Support: District Commerce Bureau; Deadline: Q3 2025"),
 ]),
 ("二、打造高效便捷的政务服务", "II. Efficient and Convenient Government Services", [
  M("5.", "建设湾区“跨境通办”政务服务专区。设立粤港澳三地通办窗口，可办理事项增至300项。",
    [SW], ["区港澳事务局"], generic=["各镇（街）"], deadline="2025年9月30日前", sup_text="区港澳事务局、各镇（街）",
    en="A Greater Bay Area cross-border government service zone with windows serving Guangdong, Hong Kong and Macao; the number of services rises to 300.",
    en_units="Lead: District Government Services and Data Administration; Support: District Hong Kong and Macao Affairs Bureau, all towns and sub-districts; Deadline: 30 September 2025"),
  M("6.", "推行涉企审批“秒批秒办”。对标准化程度高的许可事项实行系统自动审批，“秒批”事项新增50项。",
    [SW], [], generic=["各相关部门"], deadline="2025年12月31日前", sup_text="各相关部门",
    en="Instant approval for business permits. Highly standardised licences are approved automatically by the system, with 50 more items added.",
    en_units="Lead: District Government Services and Data Administration; Support: relevant departments; Deadline: 31 December 2025"),
  M("7.", "提供外语政务服务。在区政务服务中心设立英语、葡萄牙语服务窗口，编制双语办事指南100项。",
    [SW], ["区外事局"], deadline="2025年6月30日前",
    en="Foreign-language government services. English and Portuguese service windows at the district service centre, and 100 bilingual service guides.",
    en_units="Lead: District Government Services and Data Administration; Support: District Foreign Affairs Bureau; Deadline: 30 June 2025"),
 ]),
 ("三、营造国际化法治环境", "III. An International Rule-of-Law Environment", [
  M("8.", "发展国际商事仲裁和调解。支持南沙国际仲裁中心完善港澳籍仲裁员名册，推广“港澳调解+内地仲裁”衔接机制。",
    ["区司法局"], ["南沙国际仲裁中心", "区港澳事务局"], deadline="2025年12月31日前",
    en="International commercial arbitration and mediation. Support the Nansha International Arbitration Center in expanding its roster of Hong Kong and Macao arbitrators, and link Hong Kong and Macao mediation with mainland arbitration.",
    en_units="Lead: District Justice Bureau; Support: Nansha International Arbitration Center, District Hong Kong and Macao Affairs Bureau; Deadline: 31 December 2025"),
  M("9.", "开展涉外法律服务。组建涉外律师服务团，为“走出去”企业提供合规咨询服务不少于200家次。",
    ["区司法局"], ["区商务局"], deadline="2025年第四季度",
    en="Foreign-related legal services. A team of foreign-related lawyers will give compliance advice to outbound enterprises at least 200 times.",
    en_units="Lead: District Justice Bureau; Support: District Commerce Bureau; Deadline: Q4 2025"),
  M("10.", "加强知识产权保护。设立知识产权海外维权援助工作站，专利快速预审周期压缩至15个工作日。",
    ["区科技局（区知识产权局）"], ["广州知识产权法院南沙诉讼服务处"], deadline="2025年12月31日前",
    en="Stronger IP protection. An overseas IP rights-assistance workstation, and fast patent pre-examination within 15 working days.",
    en_units="Lead: District Science and Technology Bureau (District Intellectual Property Office); Support: Nansha Litigation Service Office of Guangzhou IP Court; Deadline: 31 December 2025"),
  M("11.", "推行包容审慎监管。对新业态新模式企业实行“观察期”制度，观察期内一般不予行政处罚。",
    ["区市场监督管理局"], [], generic=["各行政执法部门"], deadline="持续推进", sup_text="各行政执法部门",
    en="Inclusive and prudent regulation. New business models get an observation period during which administrative penalties are generally not imposed.",
    en_units="Lead: District Administration for Market Regulation; Support: all law-enforcement departments; Deadline: ongoing"),
 ]),
 ("四、强化要素和人才支撑", "IV. Factors of Production and Talent", [
  M("12.", "拓展跨境金融服务。支持区内银行开展跨境贸易投资高水平开放试点，全年跨境人民币结算量力争突破2000亿元。",
    ["区金融工作局"], ["中国人民银行广州分行南沙支行"], deadline="2025年12月31日前",
    en="Cross-border financial services. Support banks in the high-level cross-border trade and investment opening pilot; cross-border RMB settlement to exceed 200 billion yuan in the year.",
    en_units="Lead: District Financial Work Bureau; Support: Nansha Sub-branch of the PBC Guangzhou Branch; Deadline: 31 December 2025"),
  M("13.", "落实港澳人才个税优惠。对在南沙工作的港澳居民，其个人所得税税负超过港澳税负的部分予以免征。",
    ["区税务局"], ["区财政局", "区人力资源和社会保障局"], deadline="持续推进",
    en="Individual income tax relief for Hong Kong and Macao residents working in Nansha: the part of their tax burden exceeding that of Hong Kong or Macao is exempted.",
    en_units="Lead: District Taxation Bureau; Support: District Finance Bureau, District Human Resources and Social Security Bureau; Deadline: ongoing"),
  M("14.", "推动港澳职业资格跨境执业。新增建筑、医疗、旅游等领域港澳专业人士备案执业不少于150人。",
    ["区人力资源和社会保障局"], ["区住房和城乡建设局", "区卫生健康局", "区文化广电旅游体育局"], deadline="2025年12月31日前",
    en="Cross-border practice for Hong Kong and Macao professionals: at least 150 more registered professionals in construction, medicine and tourism.",
    en_units="Lead: District Human Resources and Social Security Bureau; Support: District Housing and Urban-Rural Development Bureau, District Health Bureau, District Culture, Radio, Television, Tourism and Sports Bureau; Deadline: 31 December 2025"),
  M("15.", "保障重大项目用地用海。建立重大产业项目用地用海“要素池”，重点项目用地供应周期缩短至90天以内。",
    ["广州市规划和自然资源局南沙区分局"], ["区发展和改革局"], deadline="2025年第三季度",
    en="Land and sea use for major projects. A factor pool for major industrial projects; land supply for key projects within 90 days.",
    en_units="Lead: Nansha Branch of Guangzhou Planning and Natural Resources Bureau; Support: District Development and Reform Bureau; Deadline: Q3 2025"),
  M("16.", "完善企业服务“首席服务官”制度。为重点外资企业和港澳企业配备首席服务官，企业诉求平均响应时间不超过24小时。",
    ["区发展和改革局"], ["区商务局", "区工业和信息化局"], deadline="长期坚持",
    en="Chief service officers for key foreign-invested and Hong Kong or Macao enterprises; average response time to business requests not more than 24 hours.",
    en_units="Lead: District Development and Reform Bureau; Support: District Commerce Bureau, District Industry and Information Technology Bureau; Deadline: long-term"),
 ]),
]
MEASURES = [m for _, _, ms in S for m in ms]


def build():
    d = Doc(footer_pagenum=True, font="WenQuanYi Micro Hei", autospace=False, base_size="11.5pt")
    d.p(DOCNUM, "Sub")
    d.p(TITLE, "Title")
    d.p("Action Plan of Nansha District, Guangzhou for Building a World-Class Business Environment (2025)", "Sub")
    d.p(ISSUER + "　2025年3月10日", "Sub")
    d.p("General Office of the People's Government of Nansha District, 10 March 2025", "Sub")
    d.p("为落实《广州南沙深化面向世界的粤港澳全面合作总体方案》，对标国际高标准经贸规则，打造市场化、法治化、国际化一流营商环境，制定本方案。")
    d.p("This plan is formulated to implement the Overall Plan for Nansha and to build a world-class business environment that is market-oriented, law-based and international.", "Italic")
    d.p("总体目标 Overall Objectives", "H1")
    d.p("到2025年底，企业开办实现1个工作日内办结，跨境通办事项达到300项，进出口整体通关时间较2024年压缩10%，港澳企业累计突破4000家。")
    d.p("By the end of 2025, company start-up will take no more than one working day, 300 services will be available across borders, and the number of Hong Kong and Macao enterprises will exceed 4,000.", "Italic")
    for zh, en, ms in S:
        d.p(zh + "　" + en, "H1")
        for m in ms:
            d.p(m["marker"] + m["text"])
            d.p(m["en"], "Italic")
            sup = m.get("sup_text") or "、".join(m["supportUnits"])
            d.p("牵头单位：%s；配合单位：%s；完成时限：%s" % ("、".join(m["leadUnits"]), sup, m["deadline"]), "Small")
            d.p(m["en_units"], "Italic")
    d.p("保障措施 Safeguards", "H1")
    d.p("区优化营商环境工作领导小组负责统筹协调，领导小组办公室设在区发展和改革局。各牵头单位每季度末向领导小组办公室报送进展情况，各镇（街）、各相关部门要密切配合。")
    d.p("The leading group coordinates implementation; lead units report progress at the end of each quarter.", "Italic")
    src = os.path.join(os.path.dirname(__file__), "nansha-2025.fodt")
    open(src, "w", encoding="utf-8").write(d.render())
    soffice(src, "pdf:writer_pdf_Export")
    write_truth(FILE, TITLE, "广州市南沙区", 2025, ISSUER, DOCNUM, MEASURES)


if __name__ == "__main__":
    build()
