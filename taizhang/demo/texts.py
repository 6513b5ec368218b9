"""The words of the demo's ledger: places, descriptions, reasons, as a township office writes them."""

from __future__ import annotations

import random

from domain.vocabulary import Category as C
from domain.vocabulary import Source

SPOTS = {
    C.RUINED_WALLS: ["老宅基地", "废弃院落", "村道旁危旧土墙", "闲置牲口圈舍", "废弃磨坊"],
    C.ILLEGAL_BUILDING: ["公路边私搭彩钢棚", "河道旁违建库房", "村口临时板房"],
    C.SCRAP_STATION: ["公路沿线", "村口空地", "老砖厂旧址"],
    C.INFORMAL_DUMP: ["沟道北侧", "后山坡", "公路桥下", "废弃砖窑旁", "田间地头"],
    C.OLD_GARBAGE: ["老学校后院", "村后沟渠", "林带边", "废弃涝池"],
    C.PLASTIC_LITTER: ["村口公路边", "巷道", "农田地膜残留处", "集市周边"],
    C.FIVE_PILES: ["巷道", "农户门前", "房前屋后", "主路两侧"],
    C.GARBAGE_BURNING: ["麦场", "田埂", "村后空地"],
    C.RIVER_FOUR_DISORDERS: ["清水河河滩", "东沟河上游", "河道弯道处", "拦水坝下游"],
    C.SEWAGE_FAULT: ["污水管网检查井", "一体化处理设备", "排水沟"],
    C.SANITATION_DAMAGE: ["垃圾收集点", "垃圾箱", "公厕"],
    C.FARM_POLLUTION: ["养殖场旁", "蔬菜大棚区", "农田"],
}

DESCRIPTIONS = {
    C.RUINED_WALLS: "残垣断壁影响村容村貌，存在安全隐患",
    C.ILLEGAL_BUILDING: "未经审批私自搭建，占用公共空间",
    C.SCRAP_STATION: "无证废品收购站，废品露天堆放",
    C.INFORMAL_DUMP: "非正规堆放生活垃圾和建筑垃圾约{n}方",
    C.OLD_GARBAGE: "陈年垃圾堆积，长期未清理",
    C.PLASTIC_LITTER: "白色垃圾散落，影响环境卫生",
    C.FIVE_PILES: "门前粪堆、柴堆、土堆乱堆乱放",
    C.GARBAGE_BURNING: "露天焚烧垃圾和秸秆",
    C.RIVER_FOUR_DISORDERS: "河道内乱堆建筑垃圾、乱搭乱建",
    C.SEWAGE_FAULT: "污水设施运行故障，污水外溢",
    C.SANITATION_DAMAGE: "环卫设施破损，未及时维修",
    C.FARM_POLLUTION: "废旧地膜、农药包装废弃物随意丢弃",
}

RECTIFIED = {
    C.RUINED_WALLS: "已组织人员机械拆除残垣断壁并平整场地",
    C.ILLEGAL_BUILDING: "已依法拆除违章建筑，清运建筑垃圾",
    C.SCRAP_STATION: "已取缔无证废品收购站，清运全部废品",
    C.INFORMAL_DUMP: "已清运垃圾并覆土平整",
    C.OLD_GARBAGE: "已清理陈年垃圾，运至中转站",
    C.PLASTIC_LITTER: "已清捡白色垃圾",
    C.FIVE_PILES: "已动员农户清理“五堆”，签订门前五包责任书",
    C.GARBAGE_BURNING: "已扑灭并清理焚烧残留，对当事人进行教育",
    C.RIVER_FOUR_DISORDERS: "已清理河道垃圾，拆除河道内违建",
    C.SEWAGE_FAULT: "已联系运维单位维修，设施恢复运行",
    C.SANITATION_DAMAGE: "已维修更换环卫设施",
    C.FARM_POLLUTION: "已回收废旧地膜和农药包装物",
}

SOURCE_NOTES = {
    Source.AERIAL_PHOTO: "（航拍反馈）",
    Source.SATELLITE: "（国家遥感卫星反馈）",
    Source.COUNTY_FEEDBACK: "（县级反馈）",
    Source.PUBLIC_REPORT: "（群众举报，附照片）",
    Source.SECRET_INSPECTION: "（暗访发现）",
    Source.RIVER_CHIEF_PATROL: "（河长巡河发现）",
    Source.TOWNSHIP_PATROL: "",
}

EXTENSION_REASONS = ["连续降雨，机械无法进场", "需协调产权人同意后拆除", "麦收农忙，劳力不足", "待县上审批拆除手续"]
BACK_REASONS = ["照片不清晰，无法确认整改效果", "现场仍有残留垃圾", "未拆除到位，仍有残墙", "未覆土平整"]
REOPEN_REASONS = ["复查发现垃圾反弹", "群众反映又有倾倒", "暗访复查时问题再次出现"]


def place_in(rng: random.Random, group: str, category: C) -> str:
    return f"{group}{rng.choice(SPOTS[category])}"


def describe(rng: random.Random, category: C, source: Source) -> str:
    return DESCRIPTIONS[category].format(n=rng.randint(2, 30)) + SOURCE_NOTES[source]


def rectified(rng: random.Random, category: C) -> str:
    return RECTIFIED[category]
