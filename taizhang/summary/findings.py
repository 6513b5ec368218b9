"""What the summary says of problems, next steps and assessment: sentences written from the record, never fixed text.

Each sentence carries the figures it states and the events (or assessment facts) behind them; when the
record has nothing to say on a point, there is no sentence. Everything is read at one log position,
the summary's own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import FactRef, Month
from domain.indicators import BY_CODE, Origin
from domain.words import word
from projections.assessment_queries import AssessmentQueries, facts_ref
from projections.assessment_reader import FactsReader
from projections.db import ReadStore
from projections.figures import CampaignFigures, FigureValue, figure_events
from projections.findings import Counted, overdue_by_village, registered_by_category, sent_back_by_village
from projections.snapshot import Period, Snapshot
from taizhang.summary.numbers import chinese_list, office_number

RECURRING_AT_LEAST = 3  # problems of one category in the period before it is said to recur
RECURRING_SHARE = Decimal("0.1")  # and at least this share of all the period's problems
NAMED = 5  # villages named in a sentence; the rest are counted


@dataclass(frozen=True)
class Finding:
    """One sentence of the summary, with what it rests on."""

    text: str
    provenance: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Findings:
    problems: list[Finding]
    next_steps: list[Finding]
    assessment: list[Finding]


def _names(counted: list[Counted]) -> str:
    shown = [f"{c.name}（{c.count}个）" for c in counted[:NAMED]]
    more = f"等{len(counted)}个村" if len(counted) > NAMED else ""
    return chinese_list(shown) + more


def _events(store: ReadStore, snap: Snapshot, counted: list[Counted]) -> list[dict[str, Any]]:
    problems = sorted({p for c in counted for p in c.problems})
    positions = sorted({n for c in counted for n in c.positions})
    value = FigureValue("finding", Decimal(len(problems) or len(positions)), positions, problems)
    return [figure_events(store, value, snap)]


def record_findings(
    store: ReadStore, first: date, last: date, now: CampaignFigures, year_before: CampaignFigures
) -> Findings:
    """The findings of the period [first, last] at the position ``now`` was read at."""
    snap = now.snapshot
    period = Period.days(first, last)
    with store.reading() as tx:
        categories = registered_by_category(tx, snap, period)
        overdue = overdue_by_village(tx, snap, last)
        sent_back = sent_back_by_village(tx, snap, period)
    problems: list[Finding] = []
    steps: list[Finding] = []
    total = sum(c.count for c in categories)
    recurring = [c for c in categories if c.count >= RECURRING_AT_LEAST and c.count >= total * RECURRING_SHARE][:3]
    if recurring:
        said = chinese_list([f"{word('category', c.key)}（{c.count}个，占{c.count * 100 // total}%）"
                             for c in recurring])
        problems.append(Finding(f"部分问题反复出现：本期登记的{total}个问题中，{said}较为集中。",
                                _events(store, snap, recurring)))
        kinds = chinese_list([word("category", c.key) for c in recurring])
        steps.append(Finding(f"针对{kinds}反复出现的情况，开展专项整治，日巡查发现即登记、限期整改、对账销号。",
                             _events(store, snap, recurring)))
    if overdue:
        count = sum(c.count for c in overdue)
        problems.append(Finding(f"截至{_day(last)}，仍有{count}个问题逾期未整改，涉及{_names(overdue)}。",
                                _events(store, snap, overdue)))
        steps.append(Finding(f"对{_names(overdue)}的{count}个逾期问题挂牌督办，逐一明确整改时限，整改到位后对账销号。",
                             _events(store, snap, overdue)))
    if sent_back:
        count = sum(c.count for c in sent_back)
        problems.append(Finding(f"整改质量有待提高：本期验收退回整改{count}次，涉及{_names(sent_back)}。",
                                _events(store, snap, sent_back)))
        villages = chinese_list([c.name for c in sent_back[:NAMED]])
        steps.append(Finding(f"对{villages}等整改多次退回的村，由镇环境治理办现场复核验收，督促一次整改到位。",
                             _events(store, snap, sent_back)))
    assessment, lagging, below_target = _assessment(store, first, last, snap)
    problems += lagging + below_target
    if lagging:
        steps.append(Finding("对排名后进的村约谈村支部书记和包村干部，限期提升，结果与村组干部报酬和年终考核挂钩。",
                             [p for f in lagging for p in f.provenance]))
    if below_target:
        steps.append(Finding("在门前五包覆盖率未达目标的村加快签订责任书，做到应签尽签。",
                             [p for f in below_target for p in f.provenance]))
    declined = _declines(store, now, year_before)
    if declined:
        problems.append(declined)
        steps.append(Finding("对较上年同期下降的工作查找原因，制定措施，补齐短板。", declined.provenance))
    return Findings(problems, steps, assessment)


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _months(first: date, last: date) -> list[Month]:
    month, months = Month.of(first), [Month.of(first)]
    while month != Month.of(last):
        month = month.next()
        months.append(month)
    return months


def _assessment(
    store: ReadStore, first: date, last: date, snap: Snapshot
) -> tuple[list[Finding], list[Finding], list[Finding]]:
    """The months closed in the period: rankings, lagging villages, pay; and coverage below its target."""
    queries = AssessmentQueries(store)
    ended = [m for m in _months(first, last) if m.last_day <= last]
    with store.reading() as tx:
        closings = FactsReader(tx, snap.position).closings_of(ended).closings
    closed = [closings[m] for m in ended if m in closings]
    said: list[Finding] = []
    lagging: list[Finding] = []
    if closed:
        refs = [closing.ref for closing in closed]
        firsts: dict[str, int] = {}
        behind: dict[str, int] = {}
        for closing in closed:
            for standing in closing.rankings:
                if standing["rank"] == 1:
                    firsts[standing["village_name"]] = firsts.get(standing["village_name"], 0) + 1
                if standing["rank"] is not None and Decimal(str(standing["cadre_coefficient"])) < 1:
                    behind[standing["village_name"]] = behind.get(standing["village_name"], 0) + 1
        top = sorted(firsts.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        months = chinese_list([f"{closing.month.month}月" for closing in closed])
        text = f"本期{months}共{len(closed)}个月已结账排名"
        if top:
            text += "，" + chinese_list([f"{v}{n}次位列第一" for v, n in top])
        said.append(Finding(text + "。", [facts_ref(refs, snap.position)]))
        if behind:
            named = sorted(behind.items(), key=lambda kv: (-kv[1], kv[0]))
            listed = chinese_list([f"{v}（{n}个月）" for v, n in named[:NAMED]])
            more = f"等{len(named)}个村" if len(named) > NAMED else ""
            lagging.append(Finding(f"{listed}{more}在月度排名中列入报酬下调的后进档次。",
                                   [facts_ref(refs, snap.position)]))
        said += _pay(queries, [closing.month for closing in closed], snap)
    below = _coverage_below_target(queries, last, snap)
    return said, lagging, below


@dataclass
class SheetTotals:
    """What a kind of pay sheet holds over the period."""

    own: Decimal = Decimal(0)  # the months' own lines
    adjusted: Decimal = Decimal(0)  # adjustments for months approved earlier
    adjustment_lines: int = 0
    refs: set[tuple[int, str, int]] = field(default_factory=set)  # (position, aggregate, version) of each fact


def _pay(queries: AssessmentQueries, months: list[Month], snap: Snapshot) -> list[Finding]:
    """What the closed months' pay sheets hold: their own lines and the adjustments for earlier months."""
    totals = {kind: SheetTotals() for kind in SheetKind}
    if not months:
        return []
    closed = {str(m) for m in months}
    records, _ = queries.sheet_records(min(months), max(months), snap.position)
    for sheet in records:
        if sheet["month"] not in closed:
            continue
        entry = totals[SheetKind(sheet["kind"])]
        for line in sheet["lines"]:
            amount = Decimal(line["amount"])
            if line["adjusts_sheet"] is None:
                entry.own += amount
            else:
                entry.adjusted += amount
                entry.adjustment_lines += 1
            entry.refs.update((r["position"], r["aggregate_id"], r["version"]) for r in line["refs"])
    said = []
    for kind, entry in totals.items():
        if not entry.refs:
            continue
        text = f"{word('sheet_kind', kind)}合计兑现{_money(entry.own)}元"
        if entry.adjustment_lines:
            text += f"，另有审批后更正的补发或扣回{entry.adjustment_lines}笔、合计{_money(entry.adjusted)}元"
        refs = [FactRef(position, uuid.UUID(aggregate), version) for position, aggregate, version in entry.refs]
        said.append(Finding(text + "。", [facts_ref(refs, snap.position)]))
    return said


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal('0.01')):f}"


def _coverage_below_target(queries: AssessmentQueries, last: date, snap: Snapshot) -> list[Finding]:
    target = queries.coverage_target(last, snap.position)
    if target is None:
        return []
    found, _ = queries.coverage(last, snap.position)
    below = [c for c in found if c.households and c.percent < target]
    if not below:
        return []
    listed = chinese_list([f"{c.village_name}（{c.percent}%）" for c in below[:NAMED]])
    more = f"等{len(below)}个村" if len(below) > NAMED else ""
    refs = [ref for c in below for ref in c.refs]
    return [Finding(f"截至{_day(last)}，{listed}{more}的门前五包覆盖率低于{target}%的目标。",
                    [facts_ref(refs, snap.position)])]


def _declines(store: ReadStore, now: CampaignFigures, before: CampaignFigures) -> Finding | None:
    """Work recorded in both periods that fell below the same period of the year before."""
    fell = []
    for code, value in now.figures.items():
        indicator = BY_CODE[code]
        earlier = before.figures[code]
        if indicator.origin != Origin.WORK or not (value.recorded and earlier.recorded):
            continue
        if value.value < earlier.value:
            fell.append((indicator, value, earlier))
    if not fell:
        return None
    said = chinese_list([
        f"{i.name}{office_number(v.value, i)}{i.unit}（上年同期{office_number(e.value, i)}{i.unit}）"
        for i, v, e in fell
    ])
    provenance = [figure_events(store, v, now.snapshot) for _, v, _ in fell]
    return Finding(f"部分工作较上年同期下降：{said}。", provenance)
