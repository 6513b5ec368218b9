"""The township's own terms: sources, categories, stages, roles."""

from enum import StrEnum


class Source(StrEnum):
    """Where a problem was found."""

    TOWNSHIP_PATROL = "township_patrol"  # 镇巡查
    AERIAL_PHOTO = "aerial_photo"  # 航拍反馈
    SATELLITE = "satellite"  # 国家遥感卫星反馈
    COUNTY_FEEDBACK = "county_feedback"  # 县级反馈
    RIVER_CHIEF_PATROL = "river_chief_patrol"  # 河长巡河
    PUBLIC_REPORT = "public_report"  # 群众举报
    SECRET_INSPECTION = "secret_inspection"  # 暗访


SOURCE_LABELS = {
    Source.TOWNSHIP_PATROL: "镇巡查",
    Source.AERIAL_PHOTO: "航拍反馈",
    Source.SATELLITE: "国家遥感卫星反馈",
    Source.COUNTY_FEEDBACK: "县级反馈",
    Source.RIVER_CHIEF_PATROL: "河长巡河",
    Source.PUBLIC_REPORT: "群众举报",
    Source.SECRET_INSPECTION: "暗访",
}


class Category(StrEnum):
    """What kind of problem it is (the seed's own list)."""

    PLASTIC_LITTER = "plastic_litter"  # 白色垃圾
    FIVE_PILES = "five_piles"  # 门前“五堆”
    RUINED_WALLS = "ruined_walls"  # 残垣断壁
    ILLEGAL_BUILDING = "illegal_building"  # 违章建筑
    INFORMAL_DUMP = "informal_dump"  # 非正规垃圾堆放点
    SCRAP_STATION = "scrap_station"  # 废品收购站
    GARBAGE_BURNING = "garbage_burning"  # 焚烧垃圾
    OLD_GARBAGE = "old_garbage"  # 陈年垃圾
    RIVER_FOUR_DISORDERS = "river_four_disorders"  # 河道“四乱”
    SEWAGE_FAULT = "sewage_fault"  # 污水设施故障
    SANITATION_DAMAGE = "sanitation_damage"  # 环卫设施损坏
    FARM_POLLUTION = "farm_pollution"  # 农业面源污染


CATEGORY_LABELS = {
    Category.PLASTIC_LITTER: "白色垃圾",
    Category.FIVE_PILES: "门前“五堆”",
    Category.RUINED_WALLS: "残垣断壁",
    Category.ILLEGAL_BUILDING: "违章建筑",
    Category.INFORMAL_DUMP: "非正规垃圾堆放点",
    Category.SCRAP_STATION: "废品收购站",
    Category.GARBAGE_BURNING: "焚烧垃圾",
    Category.OLD_GARBAGE: "陈年垃圾",
    Category.RIVER_FOUR_DISORDERS: "河道“四乱”",
    Category.SEWAGE_FAULT: "污水设施故障",
    Category.SANITATION_DAMAGE: "环卫设施损坏",
    Category.FARM_POLLUTION: "农业面源污染",
}


class Stage(StrEnum):
    """Where a problem stands in its lifecycle."""

    REGISTERED = "registered"  # 已登记
    ASSIGNED = "assigned"  # 已交办
    RECTIFICATION_REPORTED = "rectification_reported"  # 已报整改
    VERIFIED = "verified"  # 验收通过
    CLOSED = "closed"  # 已销号
    REOPENED = "reopened"  # 已重新打开
    VOIDED = "voided"  # 已作废


STAGE_LABELS = {
    Stage.REGISTERED: "已登记",
    Stage.ASSIGNED: "已交办",
    Stage.RECTIFICATION_REPORTED: "已报整改",
    Stage.VERIFIED: "验收通过",
    Stage.CLOSED: "已销号",
    Stage.REOPENED: "已重新打开",
    Stage.VOIDED: "已作废",
}

OPEN_STAGES = frozenset(
    {Stage.REGISTERED, Stage.ASSIGNED, Stage.RECTIFICATION_REPORTED, Stage.VERIFIED, Stage.REOPENED}
)


class VoidKind(StrEnum):
    DUPLICATE = "duplicate"  # 重复登记
    MISTAKE = "mistake"  # 误登记


class UnitKind(StrEnum):
    TOWNSHIP = "township"
    VILLAGE = "village"
    GROUP = "group"
    RIVER_REACH = "river_reach"
    FACILITY = "facility"


class Role(StrEnum):
    """A role someone holds in a unit for a while."""

    TOWNSHIP_ADMIN = "township_admin"  # 镇管理员
    LEADER_IN_CHARGE = "leader_in_charge"  # 分管领导
    VILLAGE_CONTACT_CADRE = "village_contact_cadre"  # 包村干部
    VILLAGE_SECRETARY = "village_secretary"  # 村支部书记
    VILLAGE_CADRE = "village_cadre"  # 村干部
    GROUP_LEADER = "group_leader"  # 组长
    CLEANER = "cleaner"  # 保洁员
    RIVER_CHIEF = "river_chief"  # 河长
    POLICE_CHIEF = "police_chief"  # 警长
    FACILITY_CUSTODIAN = "facility_custodian"  # 设施管护人
    ENVIRONMENT_OFFICE = "environment_office"  # 镇环境治理办
    INSPECTOR = "inspector"  # 纪检


ROLE_LABELS = {
    Role.TOWNSHIP_ADMIN: "镇管理员",
    Role.LEADER_IN_CHARGE: "分管领导",
    Role.VILLAGE_CONTACT_CADRE: "包村干部",
    Role.VILLAGE_SECRETARY: "村支部书记",
    Role.VILLAGE_CADRE: "村干部",
    Role.GROUP_LEADER: "组长",
    Role.CLEANER: "保洁员",
    Role.RIVER_CHIEF: "河长",
    Role.POLICE_CHIEF: "警长",
    Role.FACILITY_CUSTODIAN: "设施管护人",
    Role.ENVIRONMENT_OFFICE: "环境治理办",
    Role.INSPECTOR: "纪检",
}

# Which kind of unit each role is held in: a cleaner holds an area of a village or group,
# a river chief a reach, the office and the leader the township.
ROLE_UNIT_KINDS = {
    Role.TOWNSHIP_ADMIN: {UnitKind.TOWNSHIP},
    Role.LEADER_IN_CHARGE: {UnitKind.TOWNSHIP, UnitKind.VILLAGE},
    Role.VILLAGE_CONTACT_CADRE: {UnitKind.VILLAGE},
    Role.VILLAGE_SECRETARY: {UnitKind.VILLAGE},
    Role.VILLAGE_CADRE: {UnitKind.VILLAGE},
    Role.GROUP_LEADER: {UnitKind.GROUP},
    Role.CLEANER: {UnitKind.VILLAGE, UnitKind.GROUP},
    Role.RIVER_CHIEF: {UnitKind.RIVER_REACH, UnitKind.VILLAGE},
    Role.POLICE_CHIEF: {UnitKind.RIVER_REACH, UnitKind.VILLAGE},
    Role.FACILITY_CUSTODIAN: {UnitKind.FACILITY},
    Role.ENVIRONMENT_OFFICE: {UnitKind.TOWNSHIP},
    Role.INSPECTOR: {UnitKind.TOWNSHIP},
}
