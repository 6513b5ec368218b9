"""我的待办: what each person has to do now, read from the read models, each line linking to where it is done.

A list is shown to whoever the policy table allows the step it leads to (``taizhang.access.policy``), so a
role sees exactly the work the API would let it record; a cadre's lists hold their own village's rows.
Working days are counted on the township's calendar; a deadline in a year whose holiday notice is not
recorded yet is shown by its date alone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month, quarter_months
from domain.calendar import WorkingCalendar
from domain.errors import CalendarYearUnknown
from domain.vocabulary import Stage
from domain.words import word
from projections import queries
from projections.assessment_queries import AssessmentQueries
from projections.db import ReadStore
from taizhang.access.caller import Caller
from taizhang.access.policy import allows

SHOWN = 20  # lines a list shows; the count says how many there are
SOON_WORKING_DAYS = 3
TO_RECTIFY = [Stage.ASSIGNED.value, Stage.REOPENED.value]


@dataclass(frozen=True)
class Task:
    """One thing to do: what, where it is done, and (for a deadline) how many working days are left."""

    text: str
    link: str
    due: date | None = None
    days_left: int | None = None  # working days until the deadline; negative: how many it is past

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


@dataclass(frozen=True)
class TaskList:
    key: str
    title: str
    count: int
    tasks: list[Task] = field(default_factory=list)


@dataclass(frozen=True)
class Desk:
    """What the lists read: the read models, the township's calendar, today in the township, and (for those
    who check the record) the latest checkpoint's line."""

    store: ReadStore
    calendar: Callable[[int, int], WorkingCalendar]
    today: date
    checkpoint: Callable[[], TaskList] | None = None


def my_tasks(caller: Caller, desk: Desk) -> list[TaskList]:
    """The caller's lists, in the order their work comes; empty lists are kept (a count of 0 is news too)."""
    lists = [build(caller, desk, key) for key, whose, build in LISTS if whose(caller)]
    if desk.checkpoint is not None and allows("audit.entity_history", caller.role):
        lists.append(desk.checkpoint())
    return lists


def task_count(caller: Caller, desk: Desk) -> int:
    """How many things the caller has to do (the navigation's count; a checkpoint to look at is not counted)."""
    return sum(found.count for key, whose, build in LISTS if whose(caller) for found in [build(caller, desk, key)])


def may(route: str) -> Callable[[Caller], bool]:
    """A list for whoever the policy allows the step it leads to."""
    return lambda caller: allows(route, caller.role)


def village_work(route: str) -> Callable[[Caller], bool]:
    """A village's own work: its cadres' list (the office may record it for them, but it is not their task)."""
    return lambda caller: caller.is_village_scoped and allows(route, caller.role)


# --- problems ---------------------------------------------------------------------------------


def _problems(
    desk: Desk, caller: Caller, where: dict[str, Any], sort: str, overdue: bool | None = None
) -> queries.Page:
    if caller.is_village_scoped:
        where = {**where, "village_id": str(caller.village_id)}
    return queries.ledger(desk.store, where=where, sort=sort, page_size=SHOWN, on=desk.today, overdue=overdue)


def _days_left(desk: Desk, due: date | None) -> int | None:
    if due is None:
        return None
    try:
        return desk.calendar(min(due.year, desk.today.year), max(due.year, desk.today.year)).working_days_between(
            desk.today, due
        )
    except CalendarYearUnknown:
        return None


def _problem_task(desk: Desk, row: dict[str, Any], names: dict[str, str], what: str) -> Task:
    due = date.fromisoformat(row["deadline"]) if row.get("deadline") else None
    days = _days_left(desk, due)
    place = f"{names.get(row['village_id'], '')} {row['place']}（{word('category', row['category'])}）"
    if due is None:
        when = ""
    elif days is None:
        when = f"，期限 {due.isoformat()}"
    elif days < 0:
        when = f"，已逾期 {-days} 个工作日（期限 {due.isoformat()}）"
    elif days == 0:
        when = f"，今天到期（{due.isoformat()}）"
    else:
        when = f"，还剩 {days} 个工作日（期限 {due.isoformat()}）"
    return Task(f"{what}：{place}{when}", f"/problems/{row['problem_id']}", due, days)


def _problem_list(stage: list[str], sort: str, title: str, what: str) -> Callable[[Caller, Desk, str], TaskList]:
    def build(caller: Caller, desk: Desk, key: str) -> TaskList:
        page = _problems(desk, caller, {"stage": stage}, sort)
        names = village_names(desk)
        return TaskList(key, title, page.total, [_problem_task(desk, row, names, what) for row in page.rows])

    return build


def _due_soon(caller: Caller, desk: Desk, key: str) -> TaskList:
    """Open problems whose deadline falls today or within the next three working days."""
    page = _problems(desk, caller, {"stage": TO_RECTIFY}, "deadline", overdue=False)  # the nearest first
    names = village_names(desk)
    soon = []
    for row in page.rows:
        task = _problem_task(desk, row, names, "即将到期")
        if task.days_left is not None and 0 <= task.days_left <= SOON_WORKING_DAYS:
            soon.append(task)
    return TaskList(key, f"{SOON_WORKING_DAYS} 个工作日内到期", len(soon), soon)


def village_names(desk: Desk) -> dict[str, str]:
    """Each village's name by its id, from the read models' own record of the villages."""
    queries_ = AssessmentQueries(desk.store)
    records, _ = queries_.records("village")
    return {record["_key"]: record["name"] for record in records}


# --- public reports and pay sheets ---------------------------------------------------------------


def _reports_at(stage: str, title: str, what: str) -> Callable[[Caller, Desk, str], TaskList]:
    """Public reports waiting at ``stage`` for the office's next step (checking, rewarding, paying)."""

    def build(caller: Caller, desk: Desk, key: str) -> TaskList:
        records, _ = AssessmentQueries(desk.store).records("report")
        waiting = sorted((r for r in records if r["stage"] == stage), key=lambda r: r["submitted_on"])
        names = village_names(desk)
        tasks = [Task(f"{what}：{names.get(r['village_id'], '')}，{r['submitted_on']} 提交", f"/reports/{r['_key']}")
                 for r in waiting[:SHOWN]]
        return TaskList(key, title, len(waiting), tasks)

    return build


def _letters_to_sign(caller: Caller, desk: Desk, key: str) -> TaskList:
    """Letters drafted or renewed and not yet signed by both sides (a cadre: their village's household letters)."""
    records, _ = AssessmentQueries(desk.store).records("letter")
    waiting = [r for r in records if len(r["sides"]) < 2 and not r["revoked_on"] and r["current"]
               and (not caller.is_village_scoped
                    or (r["village_id"] == str(caller.village_id) and r["kind"] == "five_guarantees"))]
    waiting.sort(key=lambda r: r["current"][0])
    names = village_names(desk)
    tasks = [Task(f"责任书签字：{names.get(r['village_id'], '')} {word('letter_kind', r['kind'])}"
                  + (f"（{r['household']}）" if r["household"] else ""), f"/letters/{r['_key']}")
             for r in waiting[:SHOWN]]
    return TaskList(key, "待签字的责任书", len(waiting), tasks)


_reports_to_check = _reports_at("submitted", "待核实的群众举报", "核实群众举报")


def _sheets(status: str, title: str, what: str) -> Callable[[Caller, Desk, str], TaskList]:
    def build(caller: Caller, desk: Desk, key: str) -> TaskList:
        records, _ = AssessmentQueries(desk.store).records("sheet")
        waiting = sorted((r for r in records if r["status"] == status), key=lambda r: (r["month"], r["kind"]))
        tasks = [
            Task(f"{what}：{r['month']} {word('sheet_kind', r['kind'])}",
                 f"/pay-sheets?kind={r['kind']}&month={r['month']}")
            for r in waiting[:SHOWN]
        ]
        return TaskList(key, title, len(waiting), tasks)

    return build


# --- months, bulletins and pay sheets to make ------------------------------------------------------


def _months_over(desk: Desk) -> list[Month]:
    """The months from the first rule version's until the last one that is over (the assessed months)."""
    rules, _ = AssessmentQueries(desk.store).records("rules")
    if not rules:
        return []
    month = Month.of(min(date.fromisoformat(r["rules"]["effective_from"]) for r in rules))
    months = []
    while month.last_day < desk.today:
        months.append(month)
        month = month.next()
    return months


def _closed(desk: Desk) -> set[str]:
    records, _ = AssessmentQueries(desk.store).records("closing")
    return {r["_key"] for r in records}


def _months_to_close(caller: Caller, desk: Desk, key: str) -> TaskList:
    closed = _closed(desk)
    waiting = [m for m in _months_over(desk) if str(m) not in closed]
    tasks = [Task(f"月度结账：{m.year} 年 {m.month} 月已结束，尚未结账", f"/months?month={m}") for m in waiting[:SHOWN]]
    return TaskList(key, "待结账的月份", len(waiting), tasks)


def _bulletins_to_publish(caller: Caller, desk: Desk, key: str) -> TaskList:
    closed = _closed(desk)
    records, _ = AssessmentQueries(desk.store).records("bulletin")
    published = {r["_key"] for r in records}
    quarters = sorted({(m.year, (m.month - 1) // 3 + 1) for m in _months_over(desk)})
    waiting = [(y, q) for y, q in quarters if f"{y}-Q{q}" not in published
               and all(str(m) in closed for m in quarter_months(y, q))]
    tasks = [Task(f"发布季度通报：{y} 年第 {q} 季度三个月均已结账", f"/bulletins?year={y}&quarter={q}")
             for y, q in waiting[:SHOWN]]
    return TaskList(key, "待发布的季度通报", len(waiting), tasks)


def _sheets_to_draft(caller: Caller, desk: Desk, key: str) -> TaskList:
    closed = sorted(_closed(desk))
    records, _ = AssessmentQueries(desk.store).records("sheet")
    drafted = {(r["kind"], r["month"]) for r in records}
    waiting = [(kind, month) for month in closed for kind in SheetKind if (kind.value, month) not in drafted]
    tasks = [Task(f"编制发放表：{month} {word('sheet_kind', kind.value)}",
                  f"/pay-sheets?kind={kind.value}&month={month}") for kind, month in waiting[:SHOWN]]
    return TaskList(key, "待编制的发放表", len(waiting), tasks)


# Each list: its key, whose work it is (by the step it leads to), and how it is read.
LISTS: list[tuple[str, Callable[[Caller], bool], Callable[[Caller, Desk, str], TaskList]]] = [
    ("rectify", village_work("problems.report_rectification"),
     _problem_list(TO_RECTIFY, "deadline", "待整改上报的问题", "整改并上报")),
    ("letters", may("letters.sign"), _letters_to_sign),
    ("verify", may("problems.verify"),
     _problem_list([Stage.RECTIFICATION_REPORTED.value], "rectification_reported_at", "待验收的整改", "验收整改")),
    ("close", may("problems.close"), _problem_list([Stage.VERIFIED.value], "verified_at", "待销号的问题", "对账销号")),
    ("due_soon", may("problems.extend_deadline"), _due_soon),
    ("reports", may("reports.confirm"), _reports_to_check),
    ("rewards", may("reports.approve_reward"), _reports_at("confirmed", "待审批奖励的举报", "关联问题、审批奖励")),
    ("reward_payments", may("reports.pay_reward"), _reports_at("reward_approved", "待发放奖励的举报", "登记奖励发放")),
    ("close_months", may("months.close"), _months_to_close),
    ("bulletins", may("bulletins.publish"), _bulletins_to_publish),
    ("draft_sheets", may("pay_sheets.draft"), _sheets_to_draft),
    ("approve_sheets", may("pay_sheets.approve"), _sheets("draft", "待审批的发放表", "审批发放表")),
    ("pay_sheets", may("pay_sheets.paid"), _sheets("approved", "待登记发放的发放表", "登记发放")),
]
