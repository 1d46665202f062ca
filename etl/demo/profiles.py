"""How the demo's incidents behave, as tables: which channel reports what, when, and in what words.

Concept: every synthetic incident is one draw from these tables (``etl.demo.incidents`` does the
drawing). A 小类 has a weight per channel (patrol finds litter and street vendors, 110 takes quarrels and
night-time noise, petitions carry land and wage disputes), a season, a share in open space (streets,
squares) rather than in a building, the dedicated grids (专属网格) that are its hotspots, and a few text
templates. Channels have their own daily and weekly rhythm (patrol works office hours on weekdays, 110
peaks in the evening). The numbers are invented to look plausible on a command-centre map, not
measured; change them here and only here.
"""
import io

import numpy as np
import pandas as pd

CHANNELS = ("hotline", "police110", "patrol", "app", "petition", "assigned")
CHANNEL_SHARES = (0.45, 0.08, 0.25, 0.15, 0.04, 0.03)

# Per 小类: relative weight within each channel; season (``MONTHS``); share in open space; weight of a
# village house against a block (no central heating or property company in a village, land disputes
# are rural); facility words of the dedicated grids that are its hotspot and the share sent there.
_CATEGORIES = """\
code hotline police110 patrol app petition assigned season   open house hotspot                 hotspot_share
0101 6       20        6      3   4        4        flat     0.02 1.0   -                       0
0102 2       15        2      0.5 4        2        flat     0    1.0   -                       0
0103 8       3         3      4   12       6        flat     0    0.05  -                       0
0104 3       5         1      1   14       6        wages    0.05 0.5   产业园|写字楼|广场|市场 0.45
0105 1       1         1      0.5 18       8        flat     0.1  8.0   -                       0
0106 4       2         0.5    2   2        2        shopping 0.1  0.5   市场|广场               0.6
0107 1       1         0      0.3 3        2        flat     0    1.0   -                       0
0108 1       10        1      1   1        1        winter   0.7  1.0   -                       0
0109 1       4         0.3    0.3 6        2        flat     0    1.0   -                       0
0110 1.5     0.2       0.2    1   3        3        school   0    1.0   学校|学院               0.4
0199 1       3         1      0.5 3        3        flat     0.1  1.0   -                       0
0201 10      0         1      4   2        4        heating  0    0.05  -                       0
0202 8       12        2      6   1        2        summer   0.1  1.0   -                       0
0203 7       1         20     10  1        6        summer   0.1  1.0   市场                    0.1
0204 3       0.5       8      4   4        6        growing  0.1  2.5   -                       0
0205 3       1         12     6   0.5      3        summer   0.45 1.0   市场|广场               0.5
0206 4       1         10     8   0.5      3        rainy    0.3  1.0   -                       0
0207 1.5     0         5      3   0.2      1        growing  0.25 1.0   -                       0
0208 5       3         8      8   0.5      2        flat     0.15 1.0   -                       0
0209 4       0         1      2   0.5      2        summer   0    1.0   -                       0
0210 2       0.5       1      1   0.2      1        winter   0    1.0   -                       0
0211 2       0.3       2      3   0.5      1        summer   0.1  1.0   -                       0
0299 1.5     0.5       3      2   0.3      1        flat     0.15 1.0   -                       0
0301 2       2         12     4   0.3      6        winter   0.1  1.0   产业园|市场|写字楼      0.1
0302 1.5     0.5       3      1.5 2        2        rainy    0    2.0   -                       0
0303 1       12        3      2   0.5      2        flat     0.15 1.0   市场|广场               0.05
0399 0.5     1         3      1   0.2      2        flat     0.15 1.0   -                       0
0401 5       0         1      1   8        3        winter   0    1.0   -                       0
0402 2       0         0.5    0.5 2        1        jobs     0    1.0   -                       0
0403 2       0.5       4      1   2        4        winter   0    1.5   -                       0
0499 3       0.5       1      1   2        2        flat     0    1.0   -                       0
"""
CATEGORY_PROFILES = pd.read_csv(io.StringIO(_CATEGORIES), sep=r"\s+", dtype={"code": str})

# Relative intensity by month, January first. Heating (供暖) complaints exist only in the heating season
# (Qingdao heats from mid-November), enrolment (入学) disputes come with the May–June registration,
# wage claims (讨薪) before the Spring Festival, shopping disputes with 双十一.
MONTHS = {
    "flat": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "heating": (1.5, 0.9, 0.45, 0, 0, 0, 0, 0, 0, 0, 0.7, 1.6),
    "school": (0.3, 0.3, 0.4, 0.8, 4, 4, 1.5, 1.2, 1, 0.3, 0.3, 0.3),
    "summer": (0.7, 0.7, 0.8, 0.9, 1.1, 1.3, 1.5, 1.5, 1.2, 1, 0.8, 0.7),
    "winter": (1.4, 1.2, 1, 0.8, 0.8, 0.8, 0.9, 0.9, 0.9, 1, 1.2, 1.4),
    "wages": (1.6, 1.2, 0.9, 0.8, 0.8, 0.9, 0.9, 0.9, 0.9, 1, 1.2, 1.8),
    "shopping": (1.2, 1.3, 0.9, 0.9, 1, 0.9, 0.9, 0.9, 0.9, 1.1, 1.6, 1.2),
    "rainy": (0.8, 0.8, 0.9, 0.9, 1, 1.2, 1.7, 1.7, 1.1, 0.9, 0.8, 0.8),
    "growing": (0.6, 0.6, 1.1, 1.4, 1.4, 1.3, 1.2, 1.1, 1, 0.9, 0.8, 0.6),
    "jobs": (1.2, 1.8, 1.6, 1, 0.9, 1, 1.1, 0.9, 0.8, 0.8, 0.8, 0.9),
}
# Relative intensity by weekday, Monday first: offices (信访, 交办) and patrols rest at weekends.
WEEKDAYS = {
    "hotline": (1, 1, 1, 1, 1, 0.85, 0.8), "police110": (1, 1, 1, 1, 1.1, 1.25, 1.2),
    "patrol": (1, 1, 1, 1, 1, 0.25, 0.2), "app": (1, 1, 1, 1, 1, 1.2, 1.2),
    "petition": (1, 1, 1, 1, 1, 0.02, 0.02), "assigned": (1, 1, 1, 1, 1, 0.05, 0.05),
}
# Relative intensity by hour of day, 0–23: day-time heavy; noise complaints come at night.
_OFFICE = (0, 0, 0, 0, 0, 0, 0, 0, 0.6, 1, 1, 0.7, 0.1, 0.3, 1, 1, 1, 0.6, 0, 0, 0, 0, 0, 0)
HOURS = {
    "hotline": (0.15, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.7, 1.2, 1.5, 1.5, 1.3, 0.9, 0.9, 1.3, 1.4, 1.3,
                1.1, 0.9, 0.9, 0.8, 0.7, 0.5, 0.3),
    "police110": (0.5, 0.4, 0.3, 0.2, 0.2, 0.2, 0.3, 0.5, 0.8, 0.9, 1, 1, 1, 0.9, 1, 1, 1, 1.1, 1.3, 1.5,
                  1.6, 1.5, 1.2, 0.8),
    "patrol": (0, 0, 0, 0, 0, 0, 0, 0.3, 1.2, 1.5, 1.5, 1, 0.3, 0.6, 1.4, 1.5, 1.3, 0.6, 0, 0, 0, 0, 0, 0),
    "app": (0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.3, 0.8, 1, 1.1, 1.1, 1, 1.1, 1, 1, 1, 1, 1.1, 1.2, 1.3,
            1.3, 1.1, 0.7, 0.3),
    "petition": _OFFICE, "assigned": _OFFICE,
    "noise": (0.8, 0.6, 0.3, 0.1, 0.1, 0.2, 0.6, 0.8, 0.6, 0.5, 0.5, 0.5, 0.6, 0.5, 0.5, 0.5, 0.5, 0.6,
              0.8, 1.0, 1.3, 1.6, 1.6, 1.2),
}

CATEGORY_TEXT = {"name": 0.85, "alias": 0.14, "unknown": 0.01}  # how a channel names the category
UNKNOWN_CATEGORIES = ("其他问题咨询", "政策咨询", "表扬", "投诉建议", "无法归类", "非本区事项")

# Titles and descriptions per 小类. Slots: {place} (where, as the reporter would say it), {floor} (5楼),
# {n} (a small number), {days}, {amount} (元), {temp} (室温 ℃), {night} (a late hour).
TEXTS = {
    "0101": (("{place}邻里纠纷", "与邻居因琐事发生矛盾"),
             ("反映{place}{floor}住户长期在楼道堆放杂物，多次沟通无果，双方发生争执，请求调解。",
              "{place}楼上住户家中漏水至楼下，双方就维修和赔偿协商不成，要求社区协调。",
              "群众反映与邻居因公共部位占用发生口角，情绪激动，需网格员上门化解。")),
    "0102": (("家庭矛盾求助", "{place}家庭纠纷"),
             ("{place}一住户夫妻因家庭琐事争吵{days}天，女方要求社区介入调解。",
              "老人反映子女不履行赡养义务，已{days}天无人照顾，请求帮助。",
              "居民反映与家人因房产分配发生纠纷，矛盾有激化苗头。")),
    "0103": (("{place}物业服务问题", "物业纠纷"),
             ("{place}业主反映物业公司{days}天未处理电梯故障，业主拒交物业费，双方矛盾突出。",
              "反映{place}物业擅自上调停车费，业主多次投诉无果，要求协调。",
              "{place}楼道灯损坏、卫生无人打扫，业主与物业发生争执。")),
    "0104": (("讨要拖欠工资", "{place}劳资纠纷"),
             ("{n}名务工人员反映在{place}务工被拖欠工资约{amount}元，多次讨要未果。",
              "来电人反映{place}某公司拖欠{n}个月工资，请求协调支付。",
              "工人反映项目完工后包工头失联，拖欠工资{amount}元。")),
    "0105": (("{place}征地拆迁纠纷", "宅基地纠纷"),
             ("村民反映{place}宅基地界址与邻户存在争议，双方多次发生冲突。",
              "反映{place}拆迁补偿款分配不公，要求公开补偿标准。",
              "村民对{place}土地流转费用支付有异议，请求街道协调。")),
    "0106": (("{place}消费纠纷", "购物后商家拒绝退换"),
             ("消费者反映在{place}购买商品存在质量问题，商家拒绝退换，涉及金额{amount}元。",
              "反映{place}商户缺斤短两，与商户协商未果。",
              "来电人在{place}预付卡消费后商家关门，余额{amount}元无法退还。")),
    "0107": (("医疗纠纷", "对诊疗结果有异议"),
             ("患者家属反映在附近诊所就诊后病情加重，与诊所就赔偿发生争执。",
              "居民反映社区卫生服务站收费不合理，协商无果。")),
    "0108": (("{place}交通事故纠纷", "车辆剐蹭纠纷"),
             ("{place}两车发生剐蹭，双方就责任认定和赔偿发生争执，堵塞道路。",
              "电动车与行人在{place}发生碰撞，双方对赔偿金额{amount}元有争议。")),
    "0109": (("借款纠纷", "合同纠纷调解"),
             ("居民反映借给他人{amount}元逾期未还，多次催讨无果，请求调解。",
              "反映与装修公司合同纠纷，装修未完工已支付{amount}元，对方拒不返工。")),
    "0110": (("入学咨询及纠纷", "{place}学位问题"),
             ("家长反映孩子户籍在{place}，但未被划片学校录取，要求说明招生政策。",
              "家长对今年学区划分有异议，反映{place}适龄儿童入学难。",
              "反映{place}附近学校招生入学材料审核不合理，请求协调。")),
    "0199": (("其他纠纷调解", "{place}矛盾纠纷"),
             ("群众反映与他人因{place}停车位归属发生纠纷，请求调解。",
              "反映{place}租户与房东因押金退还问题发生争执。")),
    "0201": (("{place}暖气不热", "供暖问题"),
             ("{place}{floor}住户反映暖气不热，室温仅{temp}度左右，请求供热公司尽快处理。",
              "反映{place}整栋楼暖气温度不达标，已持续{days}天。",
              "{place}暖气管道漏水，家中无法正常供暖。")),
    "0202": (("{place}噪声扰民", "夜间施工噪音"),
             ("反映{place}附近工地{night}仍在施工，噪音严重影响休息。",
              "{place}楼上住户{night}以后经常有较大声响，多次沟通无果。",
              "反映{place}附近广场舞音响声音过大，影响周边居民休息。")),
    "0203": (("{place}垃圾清运不及时", "环境卫生问题"),
             ("{place}垃圾桶满溢{days}天无人清运，气味难闻。",
              "网格员巡查发现{place}有建筑垃圾随意堆放，需清理。",
              "反映{place}路边有大量生活垃圾，影响环境卫生。")),
    "0204": (("{place}违章搭建", "私搭乱建问题"),
             ("反映{place}住户在楼顶私自搭建彩钢房，存在安全隐患。",
              "网格员巡查发现{place}有人私自围挡占用绿地搭建房屋。",
              "{place}一楼住户私自扩建院墙，占用公共通道。")),
    "0205": (("{place}占道经营", "流动摊贩占道"),
             ("{place}有流动摊贩占道经营，影响通行。",
              "网格员巡查发现{place}商户店外经营，占用人行道。",
              "反映{place}早市摊位占用机动车道，造成交通拥堵。")),
    "0206": (("{place}市政设施损坏", "路灯不亮"),
             ("{place}井盖破损，存在安全隐患，请求尽快维修。",
              "反映{place}路灯已{days}天不亮，夜间出行不便。",
              "{place}路面塌陷形成坑洼，雨后积水严重。")),
    "0207": (("{place}绿化问题", "树木需修剪"),
             ("{place}行道树枝杈遮挡住户窗户，请求修剪。",
              "反映{place}绿地被破坏，裸露土地扬尘。")),
    "0208": (("{place}车辆乱停", "停车管理问题"),
             ("{place}车辆长期占用消防通道停放，多次劝离无果。",
              "反映{place}路边车辆乱停，早晚高峰堵塞严重。",
              "{place}有僵尸车停放{days}天以上，请求清理。")),
    "0209": (("{place}停水", "供水问题"),
             ("{place}自{days}天前起水压不足，高层住户无法正常用水。",
              "反映{place}突然停水，未见停水通知。")),
    "0210": (("燃气问题", "{place}燃气报修"),
             ("{place}住户反映家中闻到燃气异味，请求燃气公司上门检查。",
              "反映{place}燃气表故障，无法正常充值使用。")),
    "0211": (("{place}油烟扰民", "餐饮油烟污染"),
             ("反映{place}楼下饭店油烟直排，严重影响楼上住户。",
              "{place}烧烤摊油烟大，周边居民无法开窗。")),
    "0299": (("{place}城市管理问题", "其他城市管理"),
             ("反映{place}共享单车乱放，堵塞人行道。",
              "{place}户外广告牌破损，影响市容。")),
    "0301": (("{place}消防安全隐患", "电动车飞线充电"),
             ("网格员巡查发现{place}有电动车飞线充电，存在火灾隐患。",
              "{place}楼道堆放大量杂物，堵塞消防通道。",
              "反映{place}消防栓无水，灭火器过期。")),
    "0302": (("{place}房屋安全问题", "房屋漏水开裂"),
             ("{place}住户反映外墙出现裂缝，担心房屋安全。",
              "反映{place}楼顶防水层损坏，雨天屋内漏水。")),
    "0303": (("{place}治安问题", "可疑人员"),
             ("反映{place}附近有可疑人员夜间徘徊，居民担心安全。",
              "{place}电动车电瓶被盗，请求加强巡逻。")),
    "0399": (("{place}安全隐患", "其他安全隐患"),
             ("{place}广告牌松动，大风天气存在坠落风险。",
              "网格员巡查发现{place}围墙倾斜，存在倒塌隐患。")),
    "0401": (("社保咨询", "低保申请问题"),
             ("居民咨询养老保险补缴政策，要求社区工作人员解答。",
              "反映家中困难，申请低保{days}天未有答复。")),
    "0402": (("就业服务咨询", "失业登记"),
             ("居民咨询失业登记和就业补贴办理流程。",
              "反映社区招聘信息发布不及时，请求提供就业岗位。")),
    "0403": (("独居老人关爱", "养老服务需求"),
             ("网格员走访发现{place}独居老人身体不适，需社区关注。",
              "居民反映{place}老人助餐服务暂停，请求恢复。")),
    "0499": (("民生服务咨询", "便民服务需求"),
             ("居民咨询居住证办理所需材料。",
              "反映{place}快递柜收费不合理，请求规范。")),
}

# Attribute names avoid the intake's header aliases (来源 and 渠道 name a channel, 诉求类型 a category).
# People. Citizens call by name or as 王女士/李先生; hotline and app reporters may stay anonymous.
CITIZEN_NAMING = {"full": 0.55, "honorific": 0.35, "anonymous": 0.10}
HOTLINE_ATTRIBUTES = {"受理渠道": (("电话", 0.72), ("网站", 0.08), ("微信", 0.15), ("政务服务小程序", 0.05)),
                      "诉求性质": (("投诉", 0.55), ("求助", 0.25), ("咨询", 0.15), ("建议", 0.05))}
APP_SOURCES = (("微信小程序", 0.6), ("爱山东APP", 0.25), ("随手拍", 0.15))
PETITION_FORMS = (("来访", 0.45), ("来信", 0.15), ("网上信访", 0.35), ("电话", 0.05))
ASSIGNERS = (("区委政法委", 0.3), ("区社会治理中心", 0.35), ("区信访局", 0.2), ("市12345督办", 0.15))
POLICE_STATIONS = {"370212001": "中韩派出所", "370212002": "沙子口派出所", "370212004": "北宅派出所",
                   "370212005": "金家岭派出所"}


def month_weights(season):
    """The 12 monthly intensities of a season name, as an array."""
    return np.asarray(MONTHS[season], dtype=float)
