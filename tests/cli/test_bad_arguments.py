"""Every command, fed each kind of bad argument or an absent store folder: exit 2, both languages, no traceback.

The commands and their parameters are read from the command line itself, so a command added later is
walked too. Each command is given valid values for everything else, so the value under test is the one
refused; and a folder that does not exist is never created.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from domain.assessment.values import Month
from taizhang.cli.options import RecordPoint
from taizhang.cli.root import cli

ROOT = typer.main.get_command(cli)
CREATING = {"init", "demo", "history import"}  # the commands that make a store where there was none
CHINESE = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")

# A wrong value of each kind of date, month, year and time, as a person might mistype it.
BAD = {
    date: ["2023-02-30", "2023-13-01", "1900-01-01", "yesterday"],
    Month: ["2023-13", "2023-3-x", "1899-12"],
    int: ["many"],
    datetime: ["2023-03-01 09:00", "tomorrow"],
    RecordPoint: ["last week", "2023-06-30T18:00:00"],
}


def commands(group: Any = ROOT, prefix: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command, each group's loaded as the command line loads it when run."""
    found = []
    context = typer.Context(group)
    for name in sorted(group.list_commands(context)):
        command = group.get_command(context, name)
        if hasattr(command, "commands"):
            found += commands(command, (*prefix, name))
        else:
            found.append(((*prefix, name), command))
    return found


def kind_of(param: Any) -> Any:
    return param.type_descriptor.annotation


def valid(param: Any) -> str:
    """A value the parameter accepts, so that only the value under test is refused."""
    kind = kind_of(param)
    if param.name == "year" and kind is int:
        return "2023"
    if isinstance(kind, type) and issubclass(kind, Enum):
        return str(next(iter(kind)).value)
    samples = {date: "2023-03-01", Month: "2023-03", datetime: "2023-03-01T09:00:00+08:00", RecordPoint: "5",
               int: "1", uuid.UUID: str(uuid.uuid4()), Path: "/nonexistent/file", bool: "", Decimal: "200"}
    return samples.get(kind, "示例")


def invocation(path: tuple[str, ...], command: Any, data: Path, replace: dict[str, str] | None = None) -> list[str]:
    """The command with a valid value for every required parameter (and ``replace``'s own), on ``data``."""
    replace = replace or {}
    args = list(path)
    for param in command.params:
        if param.name == "data":
            args += ["--data", str(data)]
            continue
        given = replace.get(param.name)
        if given is None and not param.required:
            continue
        value = given if given is not None else valid(param)
        if param.param_type_name == "argument":
            args.append(value)
        elif not getattr(param, "is_flag", False):
            args += [param.opts[0], value]
    return args


def assert_refused_in_words(result: Any, what: str) -> None:
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 2, f"{what}: exit {result.exit_code}\n{output}"
    assert ("Traceback" not in output and result.exception is None) or isinstance(result.exception, SystemExit), what
    assert CHINESE.search(output) and LATIN.search(output), f"{what}: not said in both languages: {output}"


DATED = [
    (path, command, param, bad)
    for path, command in commands()
    for param in command.params
    for bad in BAD.get(kind_of(param), []) if kind_of(param) is not int or param.name == "year"
]


def test_the_walk_finds_every_kind_of_date_parameter() -> None:
    kinds = {kind_of(param) for _, _, param, _ in DATED}
    assert {date, Month, datetime, RecordPoint} <= kinds
    assert len({path for path, _, _, _ in DATED}) >= 20


@pytest.mark.parametrize(("path", "command", "param", "bad"), DATED,
                         ids=[f"{' '.join(p)}:{q.name}={b}" for p, _, q, b in DATED])
def test_a_bad_date_month_year_or_time_is_refused_in_both_languages(
    path: tuple[str, ...], command: Any, param: Any, bad: str, tmp_path: Path
) -> None:
    absent = tmp_path / "absent"
    result = CliRunner().invoke(cli, invocation(path, command, absent, {param.name: bad}))
    assert_refused_in_words(result, f"{' '.join(path)} {param.name}={bad}")
    assert not absent.exists()


STORED = [(path, command) for path, command in commands()
          if any(p.name == "data" for p in command.params) and " ".join(path) not in CREATING]


@pytest.mark.parametrize(("path", "command"), STORED, ids=[" ".join(p) for p, _ in STORED])
def test_an_absent_store_folder_is_refused_and_never_created(
    path: tuple[str, ...], command: Any, tmp_path: Path
) -> None:
    absent = tmp_path / "no" / "such" / "folder"
    result = CliRunner().invoke(cli, invocation(path, command, absent), input="secret-pass-1\nsecret-pass-1\n")
    assert_refused_in_words(result, " ".join(path))
    assert "不存在" in result.output or "不存在" in (result.stderr or "")
    assert not (tmp_path / "no").exists()


def test_an_unknown_command_and_option_are_refused_in_both_languages() -> None:
    for args in (["rankingz"], ["rankings", "2023-03", "--bogus"], ["rankings"], ["pay-sheet", "bogus", "2023-03"]):
        assert_refused_in_words(CliRunner().invoke(cli, args), " ".join(args))
