"""Steps of the demo year's planted patterns: the demo township loaded into the scenario's store, its flags and
the triggers fired, said by the names of the people and villages the plan chose."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from pytest_bdd import given, parsers, then

from domain.cases.triggers import Trigger, TriggerKind
from domain.flags.facts import FlagPeriod
from domain.flags.flag import FLAG_KIND_LABELS, Flag, FlagKind
from domain.organisation import Village
from projections.flags import FlagQueries
from projections.runner import Projector
from taizhang import cases_desk
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app, build_read_store
from taizhang.demo.loader import DEFAULT_SEED, load_demo, plan_year
from taizhang.demo.player import photo
from taizhang.inspection import FlagNames
from taizhang.settings import Settings

KINDS = {label: kind for kind, label in FLAG_KIND_LABELS.items()}


@dataclass
class DemoYear:
    app: Taizhang
    projector: Projector[Taizhang]

    def flags(self) -> list[Flag]:
        return FlagQueries(self.projector.store).flags(period=FlagPeriod.year(2023))[0]

    def fired(self) -> list[Trigger]:
        return cases_desk.fired(self.app, self.projector.store)


@pytest.fixture
def demo_year(settings: Settings) -> Iterator[list[DemoYear]]:
    """Filled by the scenario's first step; closed after it."""
    loaded: list[DemoYear] = []
    yield loaded
    for year in loaded:
        year.projector.store.close()
        year.app.close()


def load(settings: Settings, planted: bool) -> DemoYear:
    load_demo(settings, planted=planted)
    app = build_app(settings)
    projector: Projector[Taizhang] = Projector(app, build_read_store(settings))
    projector.setup()
    projector.catch_up()
    return DemoYear(app, projector)


@given("载入了演示乡镇的模拟年度")
def planted_year(settings: Settings, demo_year: list[DemoYear]) -> None:
    demo_year.append(load(settings, planted=True))


@given("载入了演示乡镇的模拟年度，但不埋设任何做法")
def unplanted_year(settings: Settings, demo_year: list[DemoYear]) -> None:
    demo_year.append(load(settings, planted=False))


def found(flags: list[Flag], names: FlagNames, plan_row: str) -> bool:
    plan = plan_year(DEFAULT_SEED).planted
    people = {f.key: [names.person(p) for p in f.people] for f in flags}
    keys = set(people)
    match plan_row:
        case "整改照片被另一个问题再次使用":
            return f"reused_evidence:{photo(plan.reused_photo[0], '整改1-', 1).sha256}" in keys
        case "整改后照片是发现时照片重新编码":
            return f"reused_evidence:{photo(plan.re_encoded_photo, '发现', 1).sha256}" in keys
        case "村干部倒签整改日期":
            return any(k.startswith("late_entry:2023:person:") and people[k] == [plan.backdating_cadre] for k in keys)
        case "整改发生时间早于交办录入":
            return f"backdated:{plan.backdated_problem}" in keys
        case "村干部的整改总由同一人验收":
            return any(k.startswith("reciprocal_pair:2023:") and people[k] == list(plan.pair) for k in keys)
        case "巡查人员从不扣分":
            return any(k.startswith("silent_patrol:2023:inspector:") and people[k] == [plan.silent_inspector]
                       for k in keys)
    raise AssertionError(f"no such planted pattern in the plan: {plan_row}")


@then("2023年的疑点中有埋设的每一种做法：")
def every_planted_pattern(demo_year: list[DemoYear], datatable: list[list[str]]) -> None:
    [year] = demo_year
    flags, names = year.flags(), FlagNames(year.app)
    for pattern, label in datatable[1:]:
        of_kind = [f for f in flags if f.kind == KINDS[label]]
        assert of_kind and found(of_kind, names, pattern), f"{pattern}（{label}）not among {[f.key for f in flags]}"


@then(parsers.re(r"问责触发中有(?P<villages>(“[^”]+”)+)在2023年第三季度两个月处于后进档次"))
def back_band_villages(demo_year: list[DemoYear], villages: str) -> None:
    [year] = demo_year
    fired = {year.app.get(Village, uuid.UUID(str(t.village_id)), "村").name
             for t in year.fired() if t.kind == TriggerKind.BACK_BAND and ":2023Q3:" in t.key}
    assert fired == set(re.findall(r"“([^”]+)”", villages))


@then(parsers.re(r"2023年的疑点不超过(?P<at_most>\d+)条"))
def few_flags(demo_year: list[DemoYear], at_most: str) -> None:
    [year] = demo_year
    assert len(year.flags()) <= int(at_most), [f.reason for f in year.flags()]


@then("其中没有照片重复使用、倒签时间、固定搭档验收、巡查从不扣分")
def no_planted_kind(demo_year: list[DemoYear]) -> None:
    [year] = demo_year
    kinds = {f.kind for f in year.flags()}
    assert not kinds & {FlagKind.REUSED_EVIDENCE, FlagKind.BACKDATED, FlagKind.RECIPROCAL_PAIR,
                        FlagKind.SILENT_PATROL}
