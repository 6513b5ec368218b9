"""The figures the seed's annual summary states where the problem ledger decides them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoTargets:
    aerial_fed_back: int = 68  # 全镇共反馈航拍点68个
    aerial_closed: int = 68  # 完成整治68个
    ruined_walls_closed: int = 64  # 共清理残垣断壁64处
    scrap_stations_closed: int = 3  # 取缔废品收购站3处
    labour_person_times: int = 3520  # 累计投入劳动力3520人次
    machinery_unit_times: int = 400  # 投入大小机械400台次


TARGETS = DemoTargets()
