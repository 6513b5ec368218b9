"""Import an existing Excel problem ledger (台账) as late entries: every row valid, or nothing recorded.

The column layout is documented in docs/EXCEL-LEDGER.md. Each row registers a problem with the
occurred dates of the sheet and takes it as far along its lifecycle as the sheet says (assigned,
rectified, verified, closed); the recorded time is now. The sheet itself, by its sha256, is the
evidence of the rectifications it reports.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.acts import Act, Evidence, Resources
from domain.errors import DomainError, InvalidInput
from domain.imports import Import
from domain.local_time import CHINA
from domain.organisation import Village
from domain.problem import Deadline, Problem
from domain.vocabulary import CATEGORY_LABELS, SOURCE_LABELS, UnitKind, VoidKind
from taizhang.commands.base import Outcome
from taizhang.documents.base import Description, Document, checked
from taizhang.documents.problems import ProblemCreate, ResourcesIn
from taizhang.imports.workbook import RejectedFile, RowProblem, read_table, refuse_rows

COLUMNS = (
    "来源", "类别", "村", "地点", "问题描述", "发现日期", "截止日期",
    "整改情况", "整改日期", "投入人次", "投入台次", "清理吨数", "拆除违建处数", "验收日期", "销号日期",
    "重新打开日期", "作废日期", "村民小组",
)
REQUIRED = ("来源", "类别", "村", "地点", "问题描述", "发现日期")
SOURCES = {label: source for source, label in SOURCE_LABELS.items()}
CATEGORIES = {label: category for category, label in CATEGORY_LABELS.items()}
IMPORT_REPORTER = "台账导入"  # who reported the rectifications the sheet records: the sheet itself


class RectificationText(Document):
    description: Description


def read_rows(content: bytes) -> list[tuple[int, dict[str, Any]]]:
    return read_table(content, REQUIRED, COLUMNS)


class ExcelLedgerImport:
    """Validate every row against the domain, then save all aggregates in one transaction."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.villages: dict[str, Village] = {}

    def run(
        self, content: bytes, file_name: str, actor: str, progress: Callable[[int, int], None] | None = None
    ) -> Outcome:
        sha256 = hashlib.sha256(content).hexdigest()
        rows = read_rows(content)
        if not rows:
            raise RejectedFile("表中没有数据行", "the sheet has no rows", rows=[])
        self.villages = {v.name: v for v in self.app.villages()}
        evidence = Evidence(sha256, file_name, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        now = self.app.clock.now()
        problems, refusals = [], []
        for done, (number, row) in enumerate(rows, start=1):
            try:
                problems.append(self.problem_from(row, evidence, actor, now))
            except DomainError as error:
                refusals.append(RowProblem(number, error.zh))
            if progress is not None:
                progress(done, len(rows))
        if refusals:
            raise refuse_rows(refusals)
        record = Import.record(
            Import.EXCEL_LEDGER, file_name, sha256, len(problems), [p.id for p in problems], Act(actor, now, now)
        )
        return self.app.record(record, *problems)

    def problem_from(self, row: dict[str, Any], evidence: Evidence, actor: str, now: datetime) -> Problem:
        for column in REQUIRED:
            if row.get(column) in (None, ""):
                raise InvalidInput(f"“{column}”不能为空", f"{column} is empty")
        source = _lookup(SOURCES, row["来源"], "来源")
        category = _lookup(CATEGORIES, row["类别"], "类别")
        village: Village | None = self.villages.get(str(row["村"]).strip())
        if village is None:
            raise InvalidInput(f"没有名为“{row['村']}”的村", f"no village named {row['村']!r}")
        found = _day(row["发现日期"], "发现日期")
        group_id = self.group_of(village, row.get("村民小组"))
        # The same document the API and the web take: the sheet's text is refused where theirs would be.
        body = checked(ProblemCreate, {"source": source, "category": category, "village_id": village.id,
                                       "place": str(row["地点"]).strip(), "description": str(row["问题描述"]).strip(),
                                       "group_id": group_id},
                       {"place": "地点", "description": "问题描述"})
        problem = Problem.register(
            source, category, village.id, body.place, body.description, [], _act(actor, now, found), body.group_id
        )
        taken = self.lifecycle(problem, village, row, evidence, actor, now, found)
        voided = _optional_day(row.get("作废日期"), "作废日期")
        if voided is not None:
            taken.void(VoidKind.MISTAKE, "据台账导入：原台账已作废", _act(actor, now, voided))
        return taken

    def group_of(self, village: Village, given: Any) -> uuid.UUID | None:
        if given in (None, ""):
            return None
        for group_id, name in village.groups.items():
            if name == str(given).strip():
                return group_id
        raise InvalidInput(f"{village.name}没有村民小组“{given}”", f"{village.code} has no group {given!r}")

    def lifecycle(
        self, problem: Problem, village: Village, row: dict[str, Any], evidence: Evidence, actor: str, now: datetime,
        found: date,
    ) -> Problem:
        """As far along its lifecycle as the row says: assigned, rectified, verified, closed, reopened.

        A ledger keeps each step's latest day. A row reopened (重新打开日期) holds the steps after the
        reopening where they are later than it, and the first round's where they are not; a first-round
        step the row no longer shows is taken on the reopening day. All the row's resources go with its
        latest rectification.
        """
        deadline = _optional_day(row.get("截止日期"), "截止日期")
        if deadline is None:
            return _check_nothing_after(problem, row)
        problem.assign(UnitKind.VILLAGE, village.id, Deadline(deadline), _act(actor, now, found))
        steps = {c: _optional_day(row.get(c), c) for c in ("整改日期", "验收日期", "销号日期", "重新打开日期")}
        if steps["整改日期"] is None:
            return _check_nothing_after(problem, row, after="整改日期")
        reopened = steps["重新打开日期"]
        if reopened is None:
            return self.round(problem, row, steps, evidence, actor, now)
        if steps["销号日期"] is None:
            raise InvalidInput("填写了“重新打开日期”却没有“销号日期”", "重新打开日期 is given without 销号日期")
        first: dict[str, date | None] = {
            c: d if d is not None and d <= reopened else reopened for c, d in steps.items()
        }
        self.round(problem, {**row, "整改情况": "已整改（据台账，重新打开前）"}, first, evidence, actor, now, False)
        problem.reopen("据台账导入：重新打开", Deadline(deadline), _act(actor, now, reopened))
        later: dict[str, date | None] = {c: d if d is not None and d > reopened else None for c, d in steps.items()}
        if later["整改日期"] is None:
            return problem
        return self.round(problem, row, later, evidence, actor, now)

    def round(
        self, problem: Problem, row: dict[str, Any], steps: dict[str, date | None], evidence: Evidence, actor: str,
        now: datetime, with_resources: bool = True,
    ) -> Problem:
        """One round from a rectification reported to its closing, as far as ``steps`` goes."""
        rectified = steps["整改日期"]
        assert rectified is not None
        resources = Resources()
        if with_resources:
            used = checked(ResourcesIn, {
                "labour_person_times": _count(row.get("投入人次"), "投入人次"),
                "machinery_unit_times": _count(row.get("投入台次"), "投入台次"),
                "tonnes_cleared": _amount(row.get("清理吨数"), "清理吨数"),
                "buildings_demolished": _count(row.get("拆除违建处数"), "拆除违建处数"),
            }, {"labour_person_times": "投入人次", "machinery_unit_times": "投入台次", "tonnes_cleared": "清理吨数",
                "buildings_demolished": "拆除违建处数"})
            resources = Resources(**used.model_dump())
        written = str(row.get("整改情况") or "已整改（据台账）").strip()
        description = checked(RectificationText, {"description": written}, {"description": "整改情况"}).description
        problem.report_rectification(description, [evidence], resources, _act(IMPORT_REPORTER, now, rectified))
        verified = steps["验收日期"]
        if verified is None:
            return _check_nothing_after(problem, {k: v for k, v in row.items() if k != "重新打开日期"}, "验收日期")
        problem.pass_verification(_act(actor, now, verified), "据台账导入")
        closed = steps["销号日期"]
        if closed is None:
            return problem
        problem.close(_act(actor, now, closed), "据台账导入")
        return problem


def _check_nothing_after(problem: Problem, row: dict[str, Any], after: str = "截止日期") -> Problem:
    later = COLUMNS[COLUMNS.index(after) + 1 :] if after in COLUMNS else ()
    steps = ("整改日期", "验收日期", "销号日期", "重新打开日期")
    filled = [c for c in steps if c in later and row.get(c) not in (None, "")]
    if filled:
        raise InvalidInput(f"缺少“{after}”却填写了“{filled[0]}”", f"{filled[0]} is given without {after}")
    return problem


def _act(actor: str, now: datetime, day: date) -> Act:
    return Act(actor, now, datetime.combine(day, time(12, 0), CHINA))


def _lookup(table: dict[str, Any], value: Any, column: str) -> Any:
    key = str(value).strip()
    if key not in table:
        raise InvalidInput(f"“{column}”的值“{key}”不在可选范围内（{'、'.join(table)}）", f"unknown {column} {key!r}")
    return table[key]


def _day(value: Any, column: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip().replace("/", "-").replace(".", "-"))
    except ValueError:
        raise InvalidInput(
            f"“{column}”的值“{value}”不是日期（如 2023-03-01）", f"{column} {value!r} is not a date"
        ) from None


def _optional_day(value: Any, column: str) -> date | None:
    return None if value in (None, "") else _day(value, column)


def _count(value: Any, column: str) -> int:
    amount = _amount(value, column)
    if amount != amount.to_integral_value():
        raise InvalidInput(f"“{column}”必须是整数", f"{column} must be a whole number")
    return int(amount)


def _amount(value: Any, column: str) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidInput(f"“{column}”的值“{value}”不是数字", f"{column} {value!r} is not a number") from None
    if amount < 0:
        raise InvalidInput(f"“{column}”不能为负数", f"{column} may not be negative")
    return amount
