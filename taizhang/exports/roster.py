"""The roster (花名册) as Excel in the layout the roster import reads: the posts held on a day, or a blank form.

Exported, filled in and imported again, a roster sets up another record's people; blank, it is the form
a clerk fills in for a new record (docs/ROSTER.md).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.local_time import CHINA
from domain.words import word
from taizhang.application import Taizhang
from taizhang.exports.layout import (
    DAY,
    FIRST_LINE_ROW,
    Column,
    autofilter,
    new_sheet,
    print_setup,
    table_row,
    title_and_header,
    to_bytes,
)

COLUMNS = (
    Column("姓名", 10), Column("电话", 14), Column("职务", 12), Column("村", 12), Column("村民小组", 10),
    Column("任职日期", 13, DAY), Column("保洁区域", 24, wrap=True),
)


def roster_xlsx(app: Taizhang, on: date | None, stamped: datetime) -> bytes:
    """Every post held on ``on`` (none: a blank form with the headers only), one row a post."""
    rows: list[list[Any]] = []
    if on is not None:
        places: dict[Any, tuple[str, str]] = {}
        for village in app.villages():
            places[village.id] = (village.name, "")
            places.update({gid: (village.name, name) for gid, name in village.groups.items()})
        for person in sorted(app.people(), key=lambda p: p.name):
            for post in person.roles_on(on):
                village_name, group_name = places.get(post.unit_id, ("", ""))
                rows.append([person.name, person.phone, word("role", post.role), village_name, group_name, post.start,
                             post.area])
    township = app.township().name
    title = f"{township}人员任职花名册"
    blank = "每行一项任职；乡镇的职务不填村；日期如 2023-01-01"
    note = f"{on.isoformat()} 在任的人员与职务" if on is not None else blank
    book, sheet = new_sheet("花名册")
    title_and_header(sheet, title, note, COLUMNS)
    for offset, values in enumerate(rows):
        table_row(sheet, FIRST_LINE_ROW + offset, values, COLUMNS)
    autofilter(sheet, COLUMNS, FIRST_LINE_ROW + len(rows) - 1)
    print_setup(sheet, landscape=False)
    return to_bytes(book, stamped.astimezone(CHINA))
