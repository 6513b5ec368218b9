"""``taizhang rankings MONTH``, ``taizhang pay-sheet KIND MONTH [--xlsx FILE]``, ``taizhang year-end YEAR``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.errors import DomainError
from projections.assessment_queries import AssessmentQueries, facts_ref
from projections.cli import AsOfOption, DataOption, JsonOption, _as_of, _close, _print, _projector


def _queries(data: Optional[Path]):
    projector = _projector(data)
    projector.catch_up()
    return projector, AssessmentQueries(projector.store)


def rankings(month: Annotated[str, typer.Argument(help="YYYY-MM")], as_of: AsOfOption = None,
             data: DataOption = None, as_json: JsonOption = False) -> None:
    """A month's village rankings: frozen if closed, otherwise provisional as of ``--as-of``."""
    projector, queries = _queries(data)
    try:
        answer = queries.month(Month.parse(month), _as_of(as_of))
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        _close(projector)
    keep = ("rank", "village_name", "score", "cases", "patrol_mean", "coverage_percent", "overdue", "reopened",
            "band", "cadre_coefficient", "note")
    rows = [{**{k: s[k] for k in keep}, **({"provenance": facts_ref(s["refs"], answer.snapshot.position)} if as_json else {})}
            for s in answer.standings]
    _print(rows, as_json, f"{month} 各村排名{'（已结账）' if answer.frozen else '（未结账，临时）'}",
           {"as_of": answer.snapshot.as_dict(), "frozen": answer.frozen, "rule_version_id": answer.rule_version_id,
            "digest": answer.digest})


def pay_sheet(
    kind: Annotated[SheetKind, typer.Argument(help="cleaner_bonus or cadre_pay")],
    month: Annotated[str, typer.Argument(help="YYYY-MM")],
    xlsx: Annotated[Optional[Path], typer.Option("--xlsx", help="write the recorded sheet as an Excel workbook")] = None,
    as_of: AsOfOption = None,
    data: DataOption = None,
    as_json: JsonOption = False,
) -> None:
    """A month's pay sheet as recorded (or, before drafting, what it would hold), with adjustment lines."""
    projector, queries = _queries(data)
    try:
        answer = queries.pay_sheet(kind, Month.parse(month), _as_of(as_of))
        if xlsx is not None:
            xlsx.write_bytes(projector.app.export_pay_sheet(kind, Month.parse(month)))
    except DomainError as error:
        typer.echo(error.message, err=True)
        raise typer.Exit(2) from None
    finally:
        _close(projector)
    rows = [{"person": line.person_name, "role": line.role, "village": line.village_name, "for_month": line.for_month,
             "amount": line.amount, "basis": line.basis, "rule_version_id": line.rule_version_id,
             **({"provenance": facts_ref([*line.refs, *line.causes], answer.snapshot.position)} if as_json else {})}
            for line in answer.lines]
    status = answer.sheet.status.value if answer.sheet else answer.basis
    _print(rows, as_json, f"{month} {kind.value} ({status})",
           {"as_of": answer.snapshot.as_dict(), "status": status, "rule_version_id": answer.rule_version_id,
            "total": str(sum((line.amount for line in answer.lines), 0))})


def year_end(year: Annotated[int, typer.Argument(help="the year assessed")], as_of: AsOfOption = None,
             data: DataOption = None, as_json: JsonOption = False) -> None:
    """Year-end points of leaders in charge and village-contact cadres, from the months' frozen rankings."""
    projector, queries = _queries(data)
    try:
        assessed, snapshot = queries.year_end(year, _as_of(as_of))
    finally:
        _close(projector)
    rows = [{"person": a.person_name, "role": a.role, "points": a.points, "village_months": len(a.entries),
             "months_not_closed": len(a.months_not_closed), "rule_versions": ",".join(a.rule_version_ids),
             **({"provenance": facts_ref([e.ref for e in a.entries], snapshot.position)} if as_json else {})}
            for a in assessed]
    _print(rows, as_json, f"{year} 年终考核", {"as_of": snapshot.as_dict()})


def register(cli: typer.Typer) -> None:
    cli.command("rankings")(rankings)
    cli.command("pay-sheet")(pay_sheet)
    cli.command("year-end")(year_end)
