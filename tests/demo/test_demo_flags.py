"""The demo year hides the patterns an inspector looks for among ordinary noise; the red flags find every one,
and on the same year with nothing planted they raise at most a bounded few."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from domain.flags.flag import Flag, FlagKind
from projections.flags import FlagQueries
from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store
from taizhang.demo.loader import DEFAULT_SEED, load_demo, plan_year
from taizhang.demo.player import photo
from taizhang.inspection import FlagNames
from taizhang.settings import Settings

# Found on the year with nothing planted, and looked at by hand: one clerk registering the late-September
# aerial and county lists in the three days before October's closing, just after the National Day holiday.
FALSE_FLAGS_AT_MOST = 2


def flags_of(folder: Path, planted: bool) -> Iterator[tuple[list[Flag], FlagNames]]:
    settings = Settings(store="sqlite", data_dir=folder)
    load_demo(settings, planted=planted)
    app = build_app(settings)
    projector = Projector(app, build_read_store(settings))
    try:
        projector.setup()
        projector.catch_up()
        yield FlagQueries(projector.store).flags()[0], FlagNames(app)
    finally:
        projector.store.close()
        app.close()


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Flag], FlagNames]]:
    yield from flags_of(tmp_path_factory.mktemp("planted"), True)


@pytest.fixture(scope="module")
def unplanted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Flag], FlagNames]]:
    yield from flags_of(tmp_path_factory.mktemp("unplanted"), False)


def named(flags: list[Flag], names: FlagNames, kind: FlagKind) -> list[tuple[list[str], Flag]]:
    return [([names.person(p) for p in f.people], f) for f in flags if f.kind == kind]


def test_every_planted_pattern_is_flagged(planted: tuple[list[Flag], FlagNames]) -> None:
    flags, names = planted
    plan = plan_year(DEFAULT_SEED).planted
    original, _ = plan.reused_photo
    reused_photos = {f.key: f for _, f in named(flags, names, FlagKind.REUSED_EVIDENCE)}
    reused = reused_photos.pop(f"reused_evidence:{photo(original, '整改1-', 1).sha256}")
    assert "2 个不同问题引用" in reused.reason and "同一张照片" in reused.reason
    [re_encoded] = reused_photos.values()
    assert re_encoded.key == f"reused_evidence:{photo(plan.re_encoded_photo, '发现', 1).sha256}"
    assert "同一画面重新编码的 2 张照片" in re_encoded.reason and "感知哈希最多相差 2 位" in re_encoded.reason
    assert "既作整改前的发现照片，又作整改后的照片" in re_encoded.reason
    assert any(people == [plan.backdating_cadre] and f.key.startswith("late_entry:2023:person:")
               for people, f in named(flags, names, FlagKind.LATE_ENTRY))
    assert [f.key for _, f in named(flags, names, FlagKind.BACKDATED)] == [f"backdated:{plan.backdated_problem}"]
    assert [people for people, _ in named(flags, names, FlagKind.RECIPROCAL_PAIR)] == [list(plan.pair)]
    assert [people for people, f in named(flags, names, FlagKind.SILENT_PATROL) if "inspector" in f.key] == [
        [plan.silent_inspector]]


def test_the_year_with_nothing_planted_raises_few_flags(unplanted: tuple[list[Flag], FlagNames]) -> None:
    flags, _ = unplanted
    kinds = {f.kind for f in flags}
    assert len(flags) <= FALSE_FLAGS_AT_MOST, [f.reason for f in flags]
    assert not kinds & {FlagKind.REUSED_EVIDENCE, FlagKind.BACKDATED, FlagKind.RECIPROCAL_PAIR, FlagKind.SILENT_PATROL}
