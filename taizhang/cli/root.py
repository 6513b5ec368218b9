"""The root ``taizhang`` command: every group and command of the command line, each in its own module."""

from __future__ import annotations

import typer

from taizhang.cli import (
    accounts,
    audit,
    demo,
    figures,
    history,
    letters,
    patrols,
    pay_sheets,
    periods,
    projections,
    reports,
    rules,
    serve,
    setup,
    summary,
)

cli = typer.Typer(help="台账 — the township's zero-garbage campaign record.", no_args_is_help=True)


@cli.callback()
def root() -> None:
    """台账 — the township's zero-garbage campaign record."""


cli.command()(setup.init)
cli.command("secret-key")(setup.secret_key)
cli.command()(demo.demo)
cli.command()(serve.serve)
cli.add_typer(accounts.group, name="accounts")
cli.add_typer(projections.group, name="projections")
cli.command()(summary.summary)
cli.add_typer(rules.group, name="rules")
cli.add_typer(patrols.group, name="patrols")
cli.add_typer(periods.months, name="months")
cli.add_typer(periods.bulletins, name="bulletins")
cli.command("freeze-year-end")(periods.freeze_year_end)
cli.add_typer(pay_sheets.group, name="pay-sheets")
cli.add_typer(letters.group, name="letters")
cli.add_typer(reports.group, name="reports")
for name, command in figures.COMMANDS.items():
    cli.command(name)(command)
cli.add_typer(audit.group, name="audit")
cli.add_typer(history.group, name="history")
cli.command("import-ledger")(history.import_ledger)


def main() -> None:
    cli()
