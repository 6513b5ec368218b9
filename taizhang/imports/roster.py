"""Import a township's roster (花名册) of people and their posts from Excel: every row valid, or nothing recorded.

One row per post (姓名 and 职务 …); a person on several rows takes each post. A person already on record
with the same name and telephone takes the new posts; anyone else is enrolled. Rows are read through
the same documents as the API, the web and the command line (``taizhang.documents.organisation``), so
the roster is refused where they would be. The layout is in docs/ROSTER.md.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from domain.acts import Act
from domain.errors import DomainError, InvalidInput
from domain.imports import Import
from domain.organisation import Village
from domain.people import Person
from domain.vocabulary import ROLE_LABELS, Role, UnitKind
from taizhang.commands.base import Outcome
from taizhang.documents.base import checked
from taizhang.documents.organisation import PersonCreate, RoleTake
from taizhang.imports.workbook import RejectedFile, RowProblem, read_table, refuse_rows

COLUMNS = ("姓名", "电话", "职务", "村", "村民小组", "任职日期", "保洁区域")
REQUIRED = ("姓名", "职务")
ROLES = {label: role for role, label in ROLE_LABELS.items()} | {role.value: role for role in Role}
LABELS = {"name": "姓名", "phone": "电话", "start": "任职日期", "area": "保洁区域"}


class RosterImport:
    """Read every row into people and posts in memory; save them all, with the import's record, at once."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def run(self, content: bytes, file_name: str, actor: str) -> Outcome:
        rows = read_table(content, REQUIRED, COLUMNS)
        if not rows:
            raise RejectedFile("表中没有数据行", "the sheet has no rows", rows=[])
        villages = self.app.villages()
        self.by_name = {v.name: v for v in villages} | {v.code: v for v in villages}
        self.on_record = {(p.name, p.phone): p for p in self.app.people()}
        self.township = self.app.township()
        now = self.app.clock.now()
        act = Act(actor, now, now)
        touched: dict[tuple[str, str], Person] = {}
        refusals = []
        for number, row in rows:
            try:
                self.take_row(row, act, touched)
            except DomainError as error:
                refusals.append(RowProblem(number, error.zh))
        if refusals:
            raise refuse_rows(refusals, "花名册导入")
        people = list(touched.values())
        record = Import.record(Import.ROSTER, file_name, hashlib.sha256(content).hexdigest(), len(rows),
                               [p.id for p in people], act)
        return self.app.record(record, *people)

    def take_row(self, row: dict[str, Any], act: Act, touched: dict[tuple[str, str], Person]) -> None:
        person_doc = checked(PersonCreate, {"name": _text(row.get("姓名")), "phone": _text(row.get("电话"))}, LABELS)
        key = (person_doc.name, person_doc.phone)
        person = touched.get(key)
        if person is None:
            known = self.on_record.get(key)
            person = self.app.get(Person, known.id, "人员") if known is not None else Person.enrol(*key, act)
            touched[key] = person
        role_text = _text(row.get("职务"))
        role = ROLES.get(role_text)
        if role is None:
            raise InvalidInput(f"职务“{role_text}”无法识别（如：保洁员、村支部书记、包村干部）",
                               f"unknown post {role_text!r}")
        kind, unit = self.unit_of(row)
        post = checked(RoleTake, {"role": role, "unit_kind": kind, "unit_id": unit,
                                  "start": _day(row.get("任职日期")), "area": _text(row.get("保洁区域"))}, LABELS)
        person.take_role(post.role, post.unit_kind, post.unit_id, post.start, act, post.area)

    def unit_of(self, row: dict[str, Any]) -> tuple[UnitKind, Any]:
        village_text, group_text = _text(row.get("村")), _text(row.get("村民小组"))
        if not village_text:
            if group_text:
                raise InvalidInput("填写了村民小组，却没有填写所属的村", "a group is given without its village")
            return UnitKind.TOWNSHIP, self.township.id
        village: Village | None = self.by_name.get(village_text)
        if village is None:
            raise InvalidInput(f"没有名称或编码为“{village_text}”的村（请先登记村）", f"no village {village_text!r}")
        if not group_text:
            return UnitKind.VILLAGE, village.id
        for group_id, name in village.groups.items():
            if name == group_text:
                return UnitKind.GROUP, group_id
        raise InvalidInput(f"{village.name}没有村民小组“{group_text}”", f"{village.code} has no group {group_text!r}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a telephone typed as a number
    return str(value).strip()


def _day(value: Any) -> Any:
    """A cell's day: a date (or a date-time) as Excel keeps it, or text like 2023-01-01; blank is refused."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        raise InvalidInput("“任职日期”不能为空", "任职日期 is empty")
    return text
