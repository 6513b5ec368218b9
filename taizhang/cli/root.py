"""The root ``taizhang`` command: every group and command of the command line, each in its own module.

A command's module is imported only when that command runs (or its own ``--help`` is asked for):
``taizhang --help`` lists them from the table below without loading any, and ``taizhang rankings``
loads what rankings needs and nothing of the server, Word or PostgreSQL. A test holds each entry's
short help equal to the command's own, so the table cannot drift from the modules.
"""

from __future__ import annotations

import importlib
from typing import Any, NamedTuple

import typer
from typer._click.core import Command, Context
from typer.core import TyperCommand

from taizhang.cli.errors import BilingualGroup


class Entry(NamedTuple):
    module: str
    attribute: str  # a function (one command) or a typer.Typer (a group)
    help: str


ENTRIES: dict[str, Entry] = {
    "init": Entry("taizhang.cli.setup", "init",
                  "Initialise an empty store as the real record of one township (and open its first administrator)."),
    "secret-key": Entry("taizhang.cli.setup", "secret_key",
                        "Create the server's random secret beside the store (<data>/secret-key, owner-only); "
                        "an existing one is kept."),
    "demo": Entry("taizhang.cli.demo", "demo",
                  "Load a simulated year (2023) of a demo township; a folder that already holds it is reused."),
    "serve": Entry("taizhang.cli.serve", "serve",
                   "Start the API and the web workspace on the configured store and print their address."),
    "villages": Entry("taizhang.cli.villages", "group", "村与村民小组 villages and their groups."),
    "accounts": Entry("taizhang.cli.accounts", "group", "登录账号 sign-in accounts, their access roles and passwords."),
    "people": Entry("taizhang.cli.people", "people",
                    "人员 the township's people (who holds posts, signs letters, is paid)."),
    "roles": Entry("taizhang.cli.people", "roles",
                   "任职 who holds which post in which village or group, from which day."),
    "calendar": Entry("taizhang.cli.calendar", "group", "节假日安排 the holiday notice of a year (working days)."),
    "problems": Entry("taizhang.cli.problems", "group",
                      "问题台账 the problem ledger: register, assign, rectify, verify, close (对账销号)."),
    "projections": Entry("taizhang.cli.projections", "group",
                         "读模型 read models: catch up, rebuild, status and queries."),
    "summary": Entry("taizhang.cli.summary", "summary",
                     "Write the work summary (工作总结) with every figure taken from the record."),
    "rules": Entry("taizhang.cli.rules", "group",
                   "考核规则 rule versions: scoring, grades, bonuses, ranking, cadre pay."),
    "patrols": Entry("taizhang.cli.patrols", "group",
                     "日巡查 daily patrols: who inspected whose area, which deduction items were found."),
    "months": Entry("taizhang.cli.periods", "months",
                    "月结 closing a month: its ratings and rankings frozen with their digest."),
    "bulletins": Entry("taizhang.cli.periods", "bulletins",
                       "季通报 quarterly bulletins: publish once three months are closed; print byte for byte."),
    "freeze-year-end": Entry("taizhang.cli.periods", "freeze_year_end", "Record the year-end assessment once all "
                             "twelve months are closed, with the digest of its content."),
    "pay-sheets": Entry("taizhang.cli.pay_sheets", "group",
                        "发放表 pay sheets: draft, approve (by someone else), mark paid."),
    "letters": Entry("taizhang.cli.letters", "group",
                     "责任书 responsibility letters: township↔village targets, village↔household 门前五包."),
    "reports": Entry("taizhang.cli.reports", "group",
                     "有奖举报 rewarded public reports: submitted, checked, linked, rewarded and paid, or rejected."),
    "rankings": Entry("taizhang.cli.figures", "rankings",
                      "A month's village rankings: frozen if closed, otherwise provisional as of ``--as-of``."),
    "ratings": Entry("taizhang.cli.figures", "ratings", "Cleaners' monthly ratings (月评比): frozen if the month is "
                     "closed, otherwise provisional as of ``--as-of``."),
    "pay-sheet": Entry("taizhang.cli.figures", "pay_sheet", "A month's pay sheet as recorded (or, before drafting, "
                       "what it would hold), with adjustment lines."),
    "adjustments": Entry("taizhang.cli.figures", "adjustments", "Adjustment lines a month's sheet carries (or would) "
                         "for corrections to approved earlier months."),
    "coverage": Entry("taizhang.cli.figures", "coverage", "门前五包 coverage per village on a day: households with a "
                      "letter in force over households counted."),
    "year-end": Entry("taizhang.cli.figures", "year_end", "Year-end points of leaders in charge and village-contact "
                      "cadres, from the months' frozen rankings."),
    "year-end-detail": Entry("taizhang.cli.figures", "year_end_detail", "Each assessed person's village-months: the "
                             "village, its frozen rank and band, and the points it gave."),
    "flags": Entry("taizhang.cli.flags", "group",
                   "疑点 red flags: where an inspector should look, and their review (已核实/排除)."),
    "cases": Entry("taizhang.cli.cases", "group",
                   "问责 accountability cases: triggers fired, 约谈, commitment, follow-up, closing or escalation."),
    "audit": Entry("taizhang.cli.audit", "group",
                   "审计：签名检查点、县级见证、核验、证明、导出 / tamper evidence of the record."),
    "witness": Entry("taizhang.cli.witness", "group", "县级见证：联署乡镇的检查点，拒绝改写过的记录并留存证据 / "
                     "the county witness of townships' records."),
    "history": Entry("taizhang.cli.history", "group",
                     "整个历史 the whole history as JSON Lines (docs/HISTORY-FORMAT.md)."),
    "import-ledger": Entry("taizhang.cli.history", "import_ledger", "Bring an Excel problem ledger in as late entries "
                           "(docs/EXCEL-LEDGER.md): every row, or nothing."),
    "backup": Entry("taizhang.cli.backup", "backup", "Copy the record (event store with its read models, personal "
                    "keys, evidence, signing key, template) to FOLDER."),
    "restore": Entry("taizhang.cli.backup", "restore",
                     "Restore the backup in FOLDER into the empty (or new) folder --data, verified before it is used."),
}


def load(name: str) -> Command:
    """The command ``name`` as click runs it, its module imported now."""
    entry = ENTRIES[name]
    found = getattr(importlib.import_module(entry.module), entry.attribute)
    if isinstance(found, typer.Typer):
        command: Command = typer.main.get_group(found)
    else:
        single = typer.Typer()
        single.command(name)(found)
        command = typer.main.get_command(single)
    command.name = name
    return command


class RootGroup(BilingualGroup):
    """Commands loaded when they run; while the root's own help is written, each is only its name and help."""

    listing = False

    def list_commands(self, ctx: Context) -> list[str]:
        return list(ENTRIES)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        if cmd_name not in ENTRIES:
            return None
        if self.listing:
            return TyperCommand(cmd_name, help=ENTRIES[cmd_name].help)
        if cmd_name not in self.commands:
            self.commands[cmd_name] = load(cmd_name)
        return self.commands[cmd_name]

    def format_help(self, ctx: Context, formatter: Any) -> None:
        # Plain, not rich: rendering the root's list with rich costs more than loading the command line itself.
        self.listing, markup = True, self.rich_markup_mode
        self.rich_markup_mode = None
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing, self.rich_markup_mode = False, markup


cli = typer.Typer(cls=RootGroup, help="台账 — the township's zero-garbage campaign record.", no_args_is_help=True)


@cli.callback()
def root() -> None:
    """台账 — the township's zero-garbage campaign record."""


def main() -> None:
    cli()
