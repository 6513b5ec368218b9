"""The figures of the demo year: where the seed's annual summary states them, and the demo's own where it has XXX."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DemoTargets:
    """Figures the problem ledger decides."""

    aerial_fed_back: int = 68  # 全镇共反馈航拍点68个
    aerial_closed: int = 68  # 完成整治68个
    ruined_walls_closed: int = 64  # 共清理残垣断壁64处
    scrap_stations_closed: int = 3  # 取缔废品收购站3处
    labour_person_times: int = 3520  # 累计投入劳动力3520人次
    machinery_unit_times: int = 400  # 投入大小机械400台次


@dataclass(frozen=True)
class WorkTargets:
    """Figures recorded as work, surveys and facilities."""

    # The seed's own numbers.
    clean_villages_targeted: int = 8  # 等8个“清洁村庄”
    five_piles_households: int = 230  # 门前屋后“五堆”230多户
    toilet_villages_surveyed: int = 24  # 对全镇24个村……进行了摸底调查
    sanitary_toilets_built: int = 1740  # 无害化卫生厕所1740座
    public_toilets_built: int = 18  # 公厕18座
    sewage_stations: int = 2  # 建立污水处理站2个
    # The demo's figures where the seed left a blank: what a township of 24 villages plausibly reports.
    clean_villages_achieved: int = 6
    river_signboards_updated: int = 36
    river_patrols: int = 86
    river_construction_waste_tonnes: Decimal = Decimal("326.5")
    river_household_waste_tonnes: Decimal = Decimal("184.2")
    farm_input_ledgers: int = 48
    dryland_farming_mu: Decimal = Decimal("12650")
    subsidised_film_kg: Decimal = Decimal("42600")
    residual_film_exchanged_kg: Decimal = Decimal("128400")  # 12.84万千克
    residual_film_exchange_person_times: int = 865
    livestock_farms_closed: int = 5


TARGETS = DemoTargets()
WORK_TARGETS = WorkTargets()
