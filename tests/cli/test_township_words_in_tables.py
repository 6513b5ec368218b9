"""The command line's tables are in the township's words too: every figure and list of the demo, read as a clerk
reads it in a terminal, holds no code or English word where Chinese belongs and names people, not accounts.

The rule is the web workspace's (tests/web/test_township_words.py). What a table is about may stay in
Latin letters where it is meant: a village's code in the list of villages (typed in commands and
imports), an account's username in the list of accounts, a read model's name in its status (what
`projections rebuild NAME` takes).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from taizhang.cli.root import cli
from tests.web.test_township_words import leaks

TABLES = [
    ("rankings", "2023-03"), ("ratings", "2023-03"), ("pay-sheet", "cleaner_bonus", "2023-03"),
    ("pay-sheet", "cadre_pay", "2023-04"), ("adjustments", "cleaner_bonus", "2023-04"),
    ("coverage", "--on", "2023-06-30"),
    ("year-end", "2023"), ("year-end-detail", "2023"), ("people", "list"), ("roles", "list"),
    ("projections", "counts", "--by", "village_id,stage"), ("projections", "overdue", "--on", "2023-12-31"),
]
MEANT = {("villages", "list"): "codes", ("accounts", "list"): "usernames", ("projections", "status"): "read models"}


def table_of(demo_folder: Path, *command: str) -> str:
    ran = CliRunner().invoke(cli, [*command, "--data", str(demo_folder)], env={"COLUMNS": "400"})
    assert ran.exit_code == 0, ran.output
    return ran.output


def cells(table: str) -> list[str]:
    """The text of every cell and the title, without the table's rules."""
    parts = []
    for line in table.splitlines():
        parts += [cell.strip() for cell in line.replace("┃", "│").split("│") if cell.strip()]
    return [part for part in parts if not set(part) <= set("━┏┓┗┛┳┻╋┡┩╇─└┘┴┼ ")]


@pytest.mark.parametrize("command", TABLES, ids=" ".join)
def test_a_figure_or_list_in_the_terminal_is_in_the_townships_words(
    demo_folder: Path, command: tuple[str, ...]
) -> None:
    parts = cells(table_of(demo_folder, *command))
    assert len(parts) > 5, parts  # a table with rows, not an empty answer
    assert leaks(parts, set()) == []


def test_codes_usernames_and_read_model_names_stay_only_where_the_table_is_about_them(demo_folder: Path) -> None:
    villages = cells(table_of(demo_folder, "villages", "list"))
    codes = {part for part in villages if part.isascii()} - {p for p in villages if "-" in p}
    assert "donggou" in codes and leaks(villages, codes | {p for p in villages if "-" in p}) == []
    accounts = cells(table_of(demo_folder, "accounts", "list"))
    assert "wang.fang" in accounts and "王芳" in accounts  # the account and who signs in with it
    status = cells(table_of(demo_folder, "projections", "status"))
    assert "事件索引（event_index）" in status  # the word first, the name rebuild takes beside it
