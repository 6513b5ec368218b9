"""The problem ledger as an Excel workbook in the import layout: printed as the office prints it, read back in whole.

The columns the import reads (docs/EXCEL-LEDGER.md) carry the same names and values here, so an
exported ledger can be imported into another record and exported again to the same rows. The
problem's and the rectification's own words are read from the record as of the export's position.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from domain.acts import as_fact
from domain.local_time import CHINA
from domain.problem import Problem
from domain.words import word
from taizhang.application import Taizhang
from taizhang.exports.layout import (
    DAY,
    FIRST_LINE_ROW,
    INTEGER,
    TONNES,
    Column,
    autofilter,
    new_sheet,
    print_setup,
    table_row,
    title_and_header,
    to_bytes,
)

COLUMNS = (
    Column("序号", 6, INTEGER), Column("问题编号", 11), Column("来源", 14), Column("类别", 14), Column("村", 10),
    Column("村民小组", 9), Column("地点", 22, wrap=True), Column("问题描述", 30, wrap=True), Column("阶段", 10),
    Column("发现日期", 13, DAY), Column("截止日期", 13, DAY), Column("是否逾期", 9), Column("逾期天数", 9, INTEGER),
    Column("整改情况", 24, wrap=True), Column("整改日期", 13, DAY), Column("投入人次", 9, INTEGER),
    Column("投入台次", 9, INTEGER), Column("清理吨数", 10, TONNES), Column("拆除违建处数", 10, INTEGER),
    Column("验收日期", 13, DAY), Column("销号日期", 13, DAY), Column("按期销号", 9), Column("重新打开日期", 13, DAY),
    Column("作废日期", 13, DAY), Column("重新打开次数", 10, INTEGER),
)


@dataclass(frozen=True)
class ProblemWords:
    """What was written of a problem when it was registered, and of its latest rectification."""

    description: str
    rectification: str


def problem_words(app: Taizhang, rows: Sequence[dict[str, Any]]) -> dict[str, ProblemWords]:
    """Each row's problem as it was at the row's version (the ledger keeps no free text)."""
    found = {}
    for row in rows:
        description, rectification = "", ""
        for event in map(as_fact, app.repository.event_store.get(uuid.UUID(row["problem_id"]), lte=row["version"])):
            if isinstance(event, Problem.Registered):
                description = event.description
            elif isinstance(event, Problem.RectificationReported):
                rectification = event.description
        found[row["problem_id"]] = ProblemWords(description, rectification)
    return found


def _day(text: str | None) -> date | None:
    """A step's time (ISO, with its zone, as the ledger's queries give it) as the township's day."""
    return datetime.fromisoformat(text).astimezone(CHINA).date() if text else None


def _deadline(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def ledger_xlsx(
    app: Taizhang, rows: Sequence[dict[str, Any]], title: str, note: str, stamped: datetime
) -> bytes:
    """Every row in the import layout (with the ledger's own columns beside it), filters, frozen header, A4."""
    words = problem_words(app, rows)
    units = {str(v.id): (v.name, {str(g): n for g, n in v.groups.items()}) for v in app.villages()}
    workbook, ws = new_sheet("问题台账")
    title_and_header(ws, title, note, COLUMNS)
    line = FIRST_LINE_ROW
    for number, row in enumerate(rows, start=1):
        village, groups = units.get(row["village_id"], (row["village_id"], {}))
        said = words[row["problem_id"]]
        closed_on_time = {True: "是", False: "否"}.get(row["closed_on_time"], "")
        values = (
            number, row["problem_id"][:8], word("source", row["source"]), word("category", row["category"]), village,
            groups.get(row["group_id"] or "", ""), row["place"], said.description, word("stage", row["stage"]),
            _day(row["registered_at"]), _deadline(row["deadline"]), "是" if row.get("overdue") else "否",
            row.get("days_overdue") or None, said.rectification if row["rectification_reported_at"] else "",
            _day(row["rectification_reported_at"]), row["labour_person_times"], row["machinery_unit_times"],
            Decimal(str(row["tonnes_cleared"])), row["buildings_demolished"], _day(row["verified_at"]),
            _day(row["closed_at"]), closed_on_time, _day(row["reopened_at"]), _day(row.get("voided_at")),
            row["reopen_count"],
        )
        table_row(ws, line, values, COLUMNS)
        line += 1
    autofilter(ws, COLUMNS, line - 1)
    print_setup(ws, landscape=True)
    return to_bytes(workbook, stamped)
