"""The assessment figures: ``rankings``, ``ratings``, ``pay-sheet``, ``adjustments``, ``coverage``, ``year-end``,
``year-end-detail``, each as of any moment (``--as-of``) and in ``--json`` with the facts every row rests on."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any

import typer

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.people import Person
from domain.words import word
from projections.assessment_queries import SheetAnswer, facts_ref
from taizhang.audit.reprint import pay_sheet_document, print_seal, year_end_document
from taizhang.cli import resolve
from taizhang.cli.options import (
    AsOfOption,
    DataOption,
    JsonOption,
    MonthArgument,
    YearArgument,
    at,
    day_option,
    load_settings,
    parse_month,
)
from taizhang.cli.output import print_rows
from taizhang.cli.running import answering

KindArgument = Annotated[SheetKind, typer.Argument(help="cleaner_bonus or cadre_pay")]


SHEET_BASES = {"due": "尚未编制，按现在编制将得到的内容", "provisional": "所属月份未结账，临时计算"}


def sheet_state(status: str) -> str:
    """A sheet's state in words: its status once drafted, otherwise what the lines are based on."""
    return SHEET_BASES.get(status) or word("sheet_status", status)


def line_rows(answer: SheetAnswer, as_json: bool, villages: dict[uuid.UUID, str] | None = None) -> list[dict[str, Any]]:
    """A sheet's lines (or its adjustment lines) as rows; in JSON with the sheet adjusted and the facts behind.

    ``villages``: where each cleaner worked, for the lines that do not carry a village (a cleaner's bonus).
    """
    where = villages or {}
    return [{"person": line.person_name, "role": line.role,
             "village": line.village_name or where.get(line.person_id, ""), "for_month": line.for_month,
             "amount": line.amount, "basis": line.basis, "rule_version_id": line.rule_version_id,
             **({"adjusts_sheet": line.adjusts_sheet,
                 "provenance": facts_ref([*line.refs, *line.causes], answer.snapshot.position)} if as_json else {})}
            for line in answer.lines]


def rankings(
    month: MonthArgument, as_of: AsOfOption = None, data: DataOption = None, as_json: JsonOption = False
) -> None:
    """A month's village rankings: frozen if closed, otherwise provisional as of ``--as-of``."""
    with answering(data) as (_, queries):
        answer = queries.month(month, at(as_of))
    keep = ("rank", "village_name", "score", "cases", "patrol_mean", "coverage_percent", "overdue", "reopened",
            "band", "cadre_coefficient", "note")
    rows = [
        {
            **{k: s[k] for k in keep},
            **({"provenance": facts_ref(s["refs"], answer.snapshot.position)} if as_json else {}),
        }
        for s in answer.standings
    ]
    print_rows(rows, as_json, f"{month} 各村排名{'（已结账）' if answer.frozen else '（未结账，临时）'}",
               {"as_of": answer.snapshot.as_dict(), "frozen": answer.frozen, "rule_version_id": answer.rule_version_id,
                "digest": answer.digest})


def pay_sheet(
    kind: KindArgument,
    month: MonthArgument,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="write the recorded sheet as an Excel workbook")] = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """A month's pay sheet as recorded (or, before drafting, what it would hold), with adjustment lines."""
    settings = load_settings(data)
    with answering(data, settings) as (projector, queries):
        answer = queries.pay_sheet(kind, month, at(as_of))
        villages = projector.app.cleaners_villages(
            [line.person_id for line in answer.lines if not line.village_name], month.last_day)
        if xlsx is not None:
            app = projector.app
            position = answer.snapshot.position if as_of else None  # the sheet as it stood then, not as it is now
            seal = print_seal(app, settings, pay_sheet_document(kind, month),
                              position or app.recorder.max_notification_id() or 0)
            xlsx.write_bytes(app.export_pay_sheet(kind, month, seal, position))
    status = answer.sheet.status.value if answer.sheet else answer.basis
    title = f"{month} {word('sheet_kind', kind)}（{sheet_state(status)}）"
    print_rows(line_rows(answer, as_json, villages), as_json, title,
               {"as_of": answer.snapshot.as_dict(), "status": status, "rule_version_id": answer.rule_version_id,
                "total": str(sum((line.amount for line in answer.lines), 0))})


def year_end(
    year: YearArgument, as_of: AsOfOption = None, data: DataOption = None, as_json: JsonOption = False,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="also write it as an Excel workbook")] = None,
) -> None:
    """Year-end points of leaders in charge and village-contact cadres, from the months' frozen rankings."""
    settings = load_settings(data)
    with answering(data, settings) as (projector, queries):
        assessed, snapshot = queries.year_end(year, at(as_of))
        if xlsx is not None:
            seal = print_seal(projector.app, settings, year_end_document(year), snapshot.position)
            xlsx.write_bytes(projector.app.export_year_end(year, snapshot.position, seal))
    rows = [{"person": a.person_name, "role": a.role, "points": a.points, "village_months": len(a.entries),
             "case_points": sum((c.points for c in a.cases), Decimal(0)),
             "months_not_closed": len(a.months_not_closed), "rule_versions": ",".join(a.rule_version_ids),
             **({"provenance": facts_ref([e.ref for e in a.entries] + [c.ref for c in a.cases], snapshot.position)}
                if as_json else {})}
            for a in assessed]
    print_rows(rows, as_json, f"{year} 年终考核", {"as_of": snapshot.as_dict()})


def ratings(month: MonthArgument, as_of: AsOfOption = None,
            data: DataOption = None, as_json: JsonOption = False) -> None:
    """Cleaners' monthly ratings (月评比): frozen if the month is closed, otherwise provisional as of ``--as-of``."""
    with answering(data) as (projector, queries):
        answer = queries.month(month, at(as_of))
        names = {r["cleaner_id"]: projector.app.get(Person, uuid.UUID(r["cleaner_id"]), "保洁员").name
                 for r in answer.ratings}
        villages = {str(k): v for k, v in projector.app.cleaners_villages(
            [uuid.UUID(r["cleaner_id"]) for r in answer.ratings], month.last_day).items()}
    rows = [{"cleaner": names[r["cleaner_id"]], "village": villages.get(r["cleaner_id"], ""), "score": r["score"],
             "grade": r["grade_name"], "patrols": r["patrols"],
             "rule_version_id": r["rule_version_id"],
             **({"cleaner_id": r["cleaner_id"], "provenance": facts_ref(r["refs"], answer.snapshot.position)}
                if as_json else {})}
            for r in sorted(answer.ratings, key=lambda r: names[r["cleaner_id"]])]
    print_rows(rows, as_json, f"{month} 保洁员月评比{'（已结账）' if answer.frozen else '（未结账，临时）'}",
           {"as_of": answer.snapshot.as_dict(), "frozen": answer.frozen, "rule_version_id": answer.rule_version_id,
            "digest": answer.digest})


def coverage(
    on: Annotated[
        date | None, day_option("--on", help="the day, YYYY-MM-DD (today when omitted)")
    ] = None,
    village: Annotated[str | None, typer.Option("--village", help="one village, by code (or id)")] = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """门前五包 coverage per village on a day: households with a letter in force over households counted."""
    with answering(data) as (projector, queries):
        village_id = resolve.village(projector.app, village).id if village else None
        day = on if on is not None else projector.app.today()
        found, snapshot = queries.coverage(day, at(as_of), village_id)
    rows = [
        {
            "village": c.village_name,
            "signed": c.signed,
            "households": c.households,
            "percent": c.percent,
            **(
                {"village_id": str(c.village_id), "provenance": facts_ref(c.refs, snapshot.position)} if as_json else {}
            ),
        }
        for c in found
    ]
    print_rows(rows, as_json, f"{day.isoformat()} 门前五包覆盖率", {"as_of": snapshot.as_dict(), "on": day})


def adjustments(
    kind: KindArgument,
    month: Annotated[
        Month, typer.Argument(parser=parse_month, metavar="YYYY-MM", help="the month whose sheet carries them")
    ],
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Adjustment lines a month's sheet carries (or would) for corrections to approved earlier months."""
    with answering(data) as (_, queries):
        answer = queries.adjustments(kind, month, at(as_of))
    rows = line_rows(answer, as_json)
    status = answer.sheet.status.value if answer.sheet else answer.basis
    print_rows(rows, as_json, f"{month} {word('sheet_kind', kind)} 补发/扣回（{sheet_state(status)}）",
           {"as_of": answer.snapshot.as_dict(), "status": status,
            "total": str(sum((line.amount for line in answer.lines), 0))})


def year_end_detail(
    year: YearArgument,
    person: Annotated[str | None, typer.Option("--person", help="one person: name (if unique) or id")] = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each assessed person's village-months: the village, its frozen rank and band, and the points it gave."""
    with answering(data) as (projector, queries):
        only = resolve.person(projector.app, person) if person else None
        assessed, snapshot = queries.year_end(year, at(as_of))
        frozen = projector.app.year_end_record(year)
    chosen = [a for a in assessed if only is None or a.person_id == only]
    rows: list[dict[str, Any]] = [
        {"person": a.person_name, "role": a.role, "month": str(e.month), "village": e.village_name, "rank": e.rank,
         "band": e.band, "points": e.points, "rule_version_id": e.rule_version_id,
         **({"person_id": str(a.person_id), "provenance": facts_ref([e.ref], snapshot.position)} if as_json else {})}
        for a in chosen for e in a.entries
    ]
    totals = [{"person": a.person_name, "role": a.role, "points": a.points,
               "months_not_closed": list(a.months_not_closed),
               **({"cases": [{**c.as_record(), "provenance": facts_ref([c.ref], snapshot.position)} for c in a.cases]}
                  if a.cases else {})}
              for a in chosen]
    print_rows(rows, as_json, f"{year} 年终考核明细",
               {"as_of": snapshot.as_dict(), "frozen": frozen is not None,
                "frozen_digest": frozen.digest if frozen else None, **({"assessed": totals} if as_json else {})})
    if not as_json:
        for a in chosen:
            unclosed = "、".join(str(m) for m in a.months_not_closed)
            typer.echo(f"{a.person_name}（{word('role', a.role)}）合计 {a.points} 分"
                       + (f"，未结账月份 {unclosed}" if unclosed else ""))
            for c in a.cases:
                typer.echo(f"  问责扣分：{c.trigger_label}（{c.day.isoformat()}）{c.outcome_label} 扣 {c.points} 分，"
                           f"依据问责案件 {c.case_id} 的记录（至第 {c.ref.version} 条，位置 {c.ref.position}）")


COMMANDS: dict[str, Callable[..., None]] = {
    "rankings": rankings,
    "ratings": ratings,
    "pay-sheet": pay_sheet,
    "adjustments": adjustments,
    "coverage": coverage,
    "year-end": year_end,
    "year-end-detail": year_end_detail,
}
