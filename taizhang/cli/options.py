"""The options every command shares, the one parser of each kind of value, and the one loader of settings.

Every date, month, year and time a command takes is read by one function here, so a wrong one is
answered the same way everywhere: exit code 2 and what was expected, in Chinese and English.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from pydantic import ValidationError

from domain.assessment.values import Month
from domain.errors import InvalidInput
from taizhang.documents.base import EARLIEST, LATEST
from taizhang.settings import Settings

Code = TypeVar("Code", bound=Enum)


def choice_of(text: str, labels: dict[Code, str], what_zh: str, what_en: str) -> Code:
    """A code given as itself or as the township's word for it (航拍反馈 or aerial_photo)."""
    given = text.strip()
    for code, label in labels.items():
        if given in (code.value, label):
            return code
    listed = "、".join(f"{label}（{code.value}）" for code, label in labels.items())
    raise ValueError(f"没有这种{what_zh}“{text}”，可选：{listed} / no {what_en} {text!r}")


STORE_FILE_HINT = "taizhang init --township 东风镇 --code dfz --data DIR"


def _refused(zh: str, en: str) -> ValueError:
    """A bad value: click prints it after the option's name and exits 2."""
    return ValueError(f"{zh} / {en}")


def parse_day(text: str) -> date:
    """A calendar day written YYYY-MM-DD, between 2000 and 2100."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise _refused(f"“{text}”不是有效日期，应写作 YYYY-MM-DD，如 2023-03-01",
                       f"{text!r} is not a valid day: write YYYY-MM-DD, e.g. 2023-03-01") from None
    if not EARLIEST <= day <= LATEST:
        raise _refused(f"日期 {day.isoformat()} 不在 2000 年至 2100 年之间",
                       f"the day {day.isoformat()} is not between 2000 and 2100")
    return day


def parse_month(text: str) -> Month:
    """A month written YYYY-MM."""
    try:
        month = Month.parse(text.strip())
    except InvalidInput:
        raise _refused(f"“{text}”不是有效月份，应写作 YYYY-MM，如 2023-03",
                       f"{text!r} is not a valid month: write YYYY-MM, e.g. 2023-03") from None
    if not EARLIEST <= month.first_day <= LATEST:
        raise _refused(f"月份 {month} 不在 2000 年至 2100 年之间", f"the month {month} is not between 2000 and 2100")
    return month


def parse_year(text: str) -> int:
    """A year between 2000 and 2100."""
    if not text.strip().isdigit() or not EARLIEST.year <= int(text) <= LATEST.year:
        raise _refused(f"“{text}”不是 2000 至 2100 之间的年份", f"{text!r} is not a year between 2000 and 2100")
    return int(text)


def parse_moment(text: str) -> datetime:
    """A moment with its time zone, ISO 8601: 2023-06-30T18:00:00+08:00."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise _refused(f"“{text}”不是带时区的时间，应写作如 2023-06-30T18:00:00+08:00",
                       f"{text!r} is not a time with its zone: write e.g. 2023-06-30T18:00:00+08:00")
    if not EARLIEST <= moment.date() <= LATEST:
        raise _refused(f"时间 {text} 不在 2000 年至 2100 年之间", f"the time {text} is not between 2000 and 2100")
    return moment


@dataclass(frozen=True)
class RecordPoint:
    """A point on the recorded axis: a position in the log, or a recorded moment (typer takes one type)."""

    value: datetime | int


def at(point: RecordPoint | None) -> datetime | int | None:
    """The point as the queries take it; None for the record as it stands."""
    return point.value if point is not None else None


def parse_as_of(text: str) -> RecordPoint:
    """``--as-of``: a position in the log (digits), or a recorded moment with its zone."""
    if text.strip().isdigit():
        return RecordPoint(int(text))
    try:
        return RecordPoint(parse_moment(text))
    except ValueError:
        raise _refused(f"“{text}”既不是台账位置（数字），也不是带时区的时间（如 2023-06-30T18:00:00+08:00）",
                       f"{text!r} is neither a log position (digits) nor a time with its zone "
                       "(e.g. 2023-06-30T18:00:00+08:00)") from None


def day_option(*names: str, help: str) -> typer.models.OptionInfo:
    return typer.Option(*names, parser=parse_day, metavar="YYYY-MM-DD", help=help)


DataOption = Annotated[Path | None, typer.Option("--data", help="data folder of the embedded SQLite store")]
ActorOption = Annotated[
    str, typer.Option("--actor", help="the account that acts: open, enabled and allowed this step (as on the API)")
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="print only the id of what was recorded")]
ExpectedOption = Annotated[
    int | None,
    typer.Option("--expected-version", min=0, help="the version you saw; refused if it has changed since"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON instead of a table")]
AsOfOption = Annotated[
    RecordPoint | None,
    typer.Option("--as-of", parser=parse_as_of, metavar="TIME|POSITION",
                 help="the record as it stood then: a recorded time (ISO, with zone) or a log position"),
]
MonthArgument = Annotated[Month, typer.Argument(parser=parse_month, metavar="YYYY-MM", help="the month, YYYY-MM")]
YearArgument = Annotated[int, typer.Argument(parser=parse_year, metavar="YEAR", help="the year, e.g. 2023")]


def load_settings(data: Path | None = None, creating: bool = False) -> Settings:
    """The settings, with ``--data`` choosing the embedded store's folder; refusals exit 2 in words.

    Only ``init`` and ``demo`` make a store (``creating``); every other command refuses a folder that
    holds none, so that a mistyped ``--data`` never creates an empty record and answers from it.
    """
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        typer.echo(f"设置无效 / invalid settings: {where + ': ' if where else ''}{first['msg']}", err=True)
        raise typer.Exit(2) from None
    if data is not None:
        settings = settings.model_copy(update={"data_dir": data})
    if settings.store == "sqlite" and not creating and not settings.sqlite_file.is_file():
        folder = settings.sqlite_file.parent
        if not folder.is_dir():
            typer.echo(f"数据目录 {folder} 不存在 / the data folder {folder} does not exist", err=True)
        else:
            typer.echo(f"数据目录 {folder} 中没有台账，请先运行 {STORE_FILE_HINT} / "
                       f"the folder {folder} holds no record: run `taizhang init` first", err=True)
        raise typer.Exit(2)
    return settings
