"""Patterns planted in the demo year for the inspector's red flags to find, among the year's ordinary noise.

Each is made by changing who did a thing or when it was said to happen, never by adding or removing a step, so
every figure, pay sheet and ranking of the year is the same with and without them: a reused rectification
photo, a rectification whose "after" photo is its "before" photo re-encoded, a cadre whose rectifications are
dated back weeks before they were entered (one of them before its assignment was even recorded), a cadre whose
work one office clerk always verifies, and a patrolling clerk who never deducts. The choices draw on their own
generator, so the rest of the year does not move either.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import timedelta

from taizhang.demo.assessment_acts import RecordPatrol
from taizhang.demo.plan import AssignProblem, Happening, PassVerification, ReportRectification, SendBack
from taizhang.demo.township import Directory

SILENT_INSPECTOR = "赵磊"  # patrols with the inspector two days in ten; from now on only the clean areas
STEADY_INSPECTOR = "孙国华"  # takes over the patrols that found something


@dataclass(frozen=True)
class Planted:
    """What was planted, by people's names, for the test that the red flags find each."""

    reused_photo: tuple[uuid.UUID, uuid.UUID]  # (the problem whose photo, the problem citing it again)
    re_encoded_photo: uuid.UUID  # the problem whose "after" photo is its own "before" photo re-encoded
    backdating_cadre: str
    backdated_problem: uuid.UUID
    pair: tuple[str, str]  # (the cadre reporting, the clerk always verifying)
    silent_inspector: str


def plant(happenings: list[Happening], directory: Directory, seed: int) -> tuple[list[Happening], Planted]:
    rng = random.Random(f"planted-{seed}")
    shown = list(happenings)
    reports = [i for i, h in enumerate(shown) if isinstance(h.what, ReportRectification)]
    by_cadre: dict[str, list[int]] = defaultdict(list)
    for i in reports:
        by_cadre[shown[i].actor].append(i)
    busiest = [name for name, _ in Counter({n: len(v) for n, v in by_cadre.items()}).most_common()]
    pair_cadre, backdating_cadre = busiest[0], busiest[1]
    verifier = _always_verified_by(shown, by_cadre[pair_cadre], rng)
    backdated = _dated_back(shown, by_cadre[backdating_cadre])
    reused = _photo_reused(shown, by_cadre[busiest[2]])
    re_encoded = _photo_re_encoded(shown, by_cadre[busiest[3]])
    _silent_patrols(shown, directory)
    return shown, Planted(reused, re_encoded, backdating_cadre, backdated, (pair_cadre, verifier), SILENT_INSPECTOR)


def _steps_of(shown: list[Happening], problem_id: uuid.UUID) -> list[int]:
    return [i for i, h in enumerate(shown) if getattr(h.what, "problem_id", None) == problem_id]


def _always_verified_by(shown: list[Happening], reports: list[int], rng: random.Random) -> str:
    """Every verification of the cadre's rectifications by one clerk: the one who already did most of them."""
    verifying = [i for r in reports for i in _steps_of(shown, shown[r].what.problem_id)  # type: ignore[attr-defined]
                 if isinstance(shown[i].what, PassVerification | SendBack)]
    verifier = Counter(shown[i].actor for i in verifying).most_common(1)[0][0]
    for i in verifying:
        shown[i] = replace(shown[i], actor=verifier)
    return verifier


def _dated_back(shown: list[Happening], reports: list[int]) -> uuid.UUID:
    """The cadre's rectifications said to have happened right after the step before, however long after they
    were entered; the first whose step before is an assignment: that assignment entered late, after it."""
    backdated: uuid.UUID | None = None
    for r in reports:
        report = shown[r]
        steps = _steps_of(shown, report.what.problem_id)  # type: ignore[attr-defined]
        before = steps[steps.index(r) - 1]
        said = shown[before].occurred_at + timedelta(hours=2)
        if report.recorded_at - said < timedelta(days=8):
            continue
        shown[r] = replace(report, occurred_at=said)
        if backdated is None and isinstance(shown[before].what, AssignProblem):
            shown[before] = replace(shown[before], recorded_at=report.recorded_at - timedelta(hours=3))
            backdated = report.what.problem_id  # type: ignore[attr-defined]
    if backdated is None:
        raise ValueError("no rectification of the cadre could be dated back")
    return backdated


def _photo_reused(shown: list[Happening], reports: list[int]) -> tuple[uuid.UUID, uuid.UUID]:
    """A cadre's later rectification cites the photo of their first one again."""
    first, later = shown[reports[0]], shown[reports[-1]]
    original = first.what.problem_id  # type: ignore[attr-defined]
    shown[reports[-1]] = replace(later, what=replace(later.what, reuses=original))  # type: ignore[type-var]
    return original, later.what.problem_id  # type: ignore[attr-defined]


def _photo_re_encoded(shown: list[Happening], reports: list[int]) -> uuid.UUID:
    """A cadre's rectification, halfway through the year, shows the problem's "before" photo saved again smaller:
    other bytes (so another sha256), the same picture."""
    middle = reports[len(reports) // 2]
    report = shown[middle]
    shown[middle] = replace(report, what=replace(report.what, re_encodes_before=True))  # type: ignore[type-var]
    return report.what.problem_id  # type: ignore[attr-defined]


def _silent_patrols(shown: list[Happening], directory: Directory) -> None:
    """The silent clerk keeps only the patrols that found nothing; the inspector took the others."""
    silent, steady = directory.person_ids[SILENT_INSPECTOR], directory.person_ids[STEADY_INSPECTOR]
    for i, h in enumerate(shown):
        what = h.what
        if isinstance(what, RecordPatrol) and what.inspector_id == silent and what.findings:
            shown[i] = replace(h, actor=STEADY_INSPECTOR, what=replace(what, inspector_id=steady))
