"""The figures the annual summary reports (seed, part 一), and where each one comes from.

A figure either follows from the problem ledger (derived, never entered twice) or is recorded as
typed work (``domain.work``). The catalogue says which, so the summary can fill every figure and
an inspector can see how it was produced. How each measure counts (the period by occurred time, the
record as of a moment; resources of every reported rectification, sent-back ones included; a work
record at its latest quantity unless withdrawn) is defined in docs/FIGURES.md, and every projection
of these figures follows it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.vocabulary import Category, Source


class Origin(StrEnum):
    LEDGER = "ledger"  # derived from the problem ledger
    WORK = "work"  # recorded as work records
    SURVEY = "survey"  # the latest toilet survey of each village
    FACILITY = "facility"  # the facilities on record


class Measure(StrEnum):
    """How ledger-derived figures count problems."""

    REGISTERED = "registered"  # problems registered (fed back) in the period, not voided
    CLOSED = "closed"  # problems closed in the period, still closed
    OVERDUE = "overdue"  # problems open past their deadline at the end of the period
    LABOUR = "labour_person_times"
    MACHINERY = "machinery_unit_times"
    TONNES = "tonnes_cleared"
    BUILDINGS = "buildings_demolished"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str  # as the summary names it
    unit: str  # as the summary writes it after the number
    origin: Origin
    integral: bool = True
    measure: Measure | None = None
    source: Source | None = None
    category: Category | None = None
    scale: int = 1  # residual film is written in 万千克: recorded in kg, shown divided by 10 000


def _ledger(code: str, name: str, unit: str, measure: Measure, *, source: Source | None = None,
            category: Category | None = None, integral: bool = True) -> Indicator:
    return Indicator(code, name, unit, Origin.LEDGER, integral, measure, source, category)


def _work(code: str, name: str, unit: str, *, integral: bool = True, scale: int = 1) -> Indicator:
    return Indicator(code, name, unit, Origin.WORK, integral, scale=scale)


CATALOGUE: tuple[Indicator, ...] = (
    # 二 村庄清洁行动
    _work("clean_villages_targeted", "创建“清洁村庄”", "个"),
    _work("clean_villages_achieved", "建成“清洁村庄”", "个"),
    _ledger("ruined_walls_cleared", "清理残垣断壁", "处", Measure.CLOSED, category=Category.RUINED_WALLS),
    _work("five_piles_households", "清理门前屋后“五堆”农户", "户"),
    _ledger("scrap_stations_closed", "取缔废品收购站", "处", Measure.CLOSED, category=Category.SCRAP_STATION),
    # 三 厕所革命
    Indicator("toilet_villages_surveyed", "摸底调查村", "个", Origin.SURVEY),
    Indicator("toilet_households", "农户总数", "户", Origin.SURVEY),
    Indicator("toilet_households_renovated", "已改厕农户", "户", Origin.SURVEY),
    Indicator("toilet_households_pending", "待改厕农户", "户", Origin.SURVEY),
    _work("sanitary_toilets_built", "修建无害化卫生厕所", "座"),
    _work("public_toilets_built", "修建公厕", "座"),
    # 四 非正规垃圾堆放点
    _ledger("aerial_points_fed_back", "反馈航拍点", "个", Measure.REGISTERED, source=Source.AERIAL_PHOTO),
    _ledger("aerial_points_rectified", "完成整治航拍点", "个", Measure.CLOSED, source=Source.AERIAL_PHOTO),
    _ledger(
        "satellite_points_fed_back", "国家遥感卫星反馈非正规垃圾点", "处", Measure.REGISTERED, source=Source.SATELLITE
    ),
    _ledger("satellite_points_rectified", "完成整治卫星反馈点", "处", Measure.CLOSED, source=Source.SATELLITE),
    _ledger("county_points_fed_back", "县级反馈垃圾点", "处", Measure.REGISTERED, source=Source.COUNTY_FEEDBACK),
    _ledger("county_points_rectified", "完成整治县级反馈点", "处", Measure.CLOSED, source=Source.COUNTY_FEEDBACK),
    _ledger("labour_person_times", "投入劳动力", "人次", Measure.LABOUR),
    _ledger("machinery_unit_times", "投入大小机械", "台次", Measure.MACHINERY),
    _ledger("illegal_buildings_demolished", "拆除违章建筑", "处", Measure.BUILDINGS),
    _ledger("five_piles_cleared", "清理“五堆”", "处", Measure.CLOSED, category=Category.FIVE_PILES),
    _ledger("garbage_tonnes", "清理各类垃圾", "吨", Measure.TONNES, integral=False),
    # 五 污水处理站
    Indicator("sewage_stations", "建立污水处理站", "个", Origin.FACILITY),
    Indicator("sewage_care_posts", "认领污水处理点管护岗", "个", Origin.FACILITY),
    # 六 河道沟道
    _work("river_signboards_updated", "更新维护河长制公示牌", "个"),
    _work("river_patrols", "河长巡查", "次"),
    _ledger("river_problems_found", "巡河发现问题", "处", Measure.REGISTERED, source=Source.RIVER_CHIEF_PATROL),
    _ledger("river_problems_rectified", "巡河问题整改", "处", Measure.CLOSED, source=Source.RIVER_CHIEF_PATROL),
    _work("river_construction_waste_tonnes", "“清四乱”清理建筑垃圾", "吨", integral=False),
    _work("river_household_waste_tonnes", "“清四乱”清理生活垃圾", "吨", integral=False),
    # 七 农业面源污染
    _work("farm_input_ledgers", "建立农业生产物资使用台账", "本"),
    _work("dryland_farming_mu", "落实旱作农业", "亩", integral=False),
    _work("subsidised_film_kg", "补贴新膜", "千克", integral=False),
    _work("residual_film_exchanged_kg", "兑换残膜", "万千克", integral=False, scale=10_000),
    _work("residual_film_exchange_person_times", "兑换残膜人次", "人"),
    _work("livestock_farms_closed", "关停养殖场", "个"),
    # 二 存在问题: the ledger as a whole
    _ledger("problems_registered", "登记各类问题", "个", Measure.REGISTERED),
    _ledger("problems_closed", "已销号问题", "个", Measure.CLOSED),
    _ledger("problems_overdue", "逾期未整改问题", "个", Measure.OVERDUE),
)

BY_CODE = {indicator.code: indicator for indicator in CATALOGUE}
WORK_CODES = frozenset(i.code for i in CATALOGUE if i.origin == Origin.WORK)
