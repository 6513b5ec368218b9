"""The assessment and pay commands of ``taizhang``: recording (rules, patrols, months, sheets, letters,
reports) and the figures not printed by ``rankings``/``pay-sheet``/``year-end``."""

from __future__ import annotations

import typer

from taizhang.assessment_cli import queries
from taizhang.assessment_cli.letters import letters_cli
from taizhang.assessment_cli.patrols import patrols_cli
from taizhang.assessment_cli.pay import pay_sheets_cli
from taizhang.assessment_cli.periods import bulletins_cli, freeze_year_end, months_cli
from taizhang.assessment_cli.reports import reports_cli
from taizhang.assessment_cli.rules import rules_cli


def register(cli: typer.Typer) -> None:
    cli.add_typer(rules_cli, name="rules")
    cli.add_typer(patrols_cli, name="patrols")
    cli.add_typer(months_cli, name="months")
    cli.add_typer(bulletins_cli, name="bulletins")
    cli.add_typer(pay_sheets_cli, name="pay-sheets")
    cli.add_typer(letters_cli, name="letters")
    cli.add_typer(reports_cli, name="reports")
    cli.command("freeze-year-end")(freeze_year_end)
    cli.command("ratings")(queries.ratings)
    cli.command("coverage")(queries.coverage)
    cli.command("adjustments")(queries.adjustments)
    cli.command("year-end-detail")(queries.year_end_detail)
