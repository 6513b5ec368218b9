"""``taizhang ratings | coverage | adjustments | year-end-detail``: figures with ``--as-of`` and provenance.

They sit beside ``rankings``, ``pay-sheet`` and ``year-end`` (``projections/assessment_cli.py``) and
answer from the same read model, each row in ``--json`` carrying the facts it rests on.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.errors import DomainError
from domain.people import Person
from projections.assessment_queries import AssessmentQueries, facts_ref
from projections.cli import AsOfOption, DataOption, JsonOption, _as_of, _close, _print, _projector
from projections.runner import Projector
from taizhang.assessment_cli import resolve
from taizhang.assessment_cli.common import refuse


@contextmanager
def answering(data: Optional[Path]) -> Iterator[tuple[Projector, AssessmentQueries]]:
    """The read models caught up and their queries; a domain refusal inside becomes the CLI's, and the store closes."""
    projector = _projector(data)
    try:
        projector.catch_up()
        yield projector, AssessmentQueries(projector.store)
    except DomainError as error:
        raise refuse(error) from None
    finally:
        _close(projector)


def ratings(month: Annotated[str, typer.Argument(help="YYYY-MM")], as_of: AsOfOption = None,
            data: DataOption = None, as_json: JsonOption = False) -> None:
    """Cleaners' monthly ratings (月评比): frozen if the month is closed, otherwise provisional as of ``--as-of``."""
    with answering(data) as (projector, queries):
        answer = queries.month(Month.parse(month), _as_of(as_of))
        names = {r["cleaner_id"]: projector.app.get(Person, uuid.UUID(r["cleaner_id"]), "保洁员").name
                 for r in answer.ratings}
    rows = [{"cleaner": names[r["cleaner_id"]], "score": r["score"], "grade": r["grade_name"], "patrols": r["patrols"],
             "rule_version_id": r["rule_version_id"],
             **({"cleaner_id": r["cleaner_id"], "provenance": facts_ref(r["refs"], answer.snapshot.position)}
                if as_json else {})}
            for r in sorted(answer.ratings, key=lambda r: names[r["cleaner_id"]])]
    _print(rows, as_json, f"{month} 保洁员月评比{'（已结账）' if answer.frozen else '（未结账，临时）'}",
           {"as_of": answer.snapshot.as_dict(), "frozen": answer.frozen, "rule_version_id": answer.rule_version_id,
            "digest": answer.digest})


def coverage(
    on: Annotated[Optional[datetime], typer.Option("--on", formats=["%Y-%m-%d"], help="the day (today when omitted)")] = None,
    village: Annotated[Optional[str], typer.Option("--village", help="one village, by code (or id)")] = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """门前五包 coverage per village on a day: households with a letter in force over households counted."""
    with answering(data) as (projector, queries):
        village_id = resolve.village(projector.app, village).id if village else None
        day = on.date() if on is not None else projector.app.today()
        found, snapshot = queries.coverage(day, _as_of(as_of), village_id)
    rows = [{"village": c.village_name, "signed": c.signed, "households": c.households, "percent": c.percent,
             **({"village_id": str(c.village_id), "provenance": facts_ref(c.refs, snapshot.position)} if as_json else {})}
            for c in found]
    _print(rows, as_json, f"{day.isoformat()} 门前五包覆盖率", {"as_of": snapshot.as_dict(), "on": day})


def adjustments(
    kind: Annotated[SheetKind, typer.Argument(help="cleaner_bonus or cadre_pay")],
    month: Annotated[str, typer.Argument(help="YYYY-MM: the month whose sheet carries them")],
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Adjustment lines a month's sheet carries (or would) for corrections to approved earlier months."""
    with answering(data) as (projector, queries):
        answer = queries.adjustments(kind, Month.parse(month), _as_of(as_of))
    rows = [{"person": line.person_name, "role": line.role, "village": line.village_name, "for_month": line.for_month,
             "amount": line.amount, "basis": line.basis, "rule_version_id": line.rule_version_id,
             **({"adjusts_sheet": line.adjusts_sheet,
                 "provenance": facts_ref([*line.refs, *line.causes], answer.snapshot.position)} if as_json else {})}
            for line in answer.lines]
    status = answer.sheet.status.value if answer.sheet else answer.basis
    _print(rows, as_json, f"{month} {kind.value} 补发/扣回 ({status})",
           {"as_of": answer.snapshot.as_dict(), "status": status,
            "total": str(sum((line.amount for line in answer.lines), 0))})


def year_end_detail(
    year: Annotated[int, typer.Argument(help="the year assessed")],
    person: Annotated[Optional[str], typer.Option("--person", help="one person: name (if unique) or id")] = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each assessed person's village-months: the village, its frozen rank and band, and the points it gave."""
    with answering(data) as (projector, queries):
        only = resolve.person(projector.app, person) if person else None
        assessed, snapshot = queries.year_end(year, _as_of(as_of))
        frozen = projector.app.year_end_record(year)
    chosen = [a for a in assessed if only is None or a.person_id == only]
    rows: list[dict[str, Any]] = [
        {"person": a.person_name, "role": a.role, "month": str(e.month), "village": e.village_name, "rank": e.rank,
         "band": e.band, "points": e.points, "rule_version_id": e.rule_version_id,
         **({"person_id": str(a.person_id), "provenance": facts_ref([e.ref], snapshot.position)} if as_json else {})}
        for a in chosen for e in a.entries
    ]
    totals = [{"person": a.person_name, "role": a.role, "points": a.points,
               "months_not_closed": list(a.months_not_closed)} for a in chosen]
    _print(rows, as_json, f"{year} 年终考核明细",
           {"as_of": snapshot.as_dict(), "frozen": frozen is not None,
            "frozen_digest": frozen.digest if frozen else None, "assessed": totals})
