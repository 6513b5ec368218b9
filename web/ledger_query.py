"""The ledger's filters as the page and the Excel export both read them from the address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, tzinfo
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request

from domain.errors import InvalidInput
from domain.vocabulary import Category, Source, Stage
from projections.db import ReadStore
from projections.queries import PERIOD_BASES, Page, ledger
from projections.snapshot import AsOf, Period
from taizhang.access.caller import Caller
from web.params import page_number
from web.timeview import parse_day, period_of

SORTABLE = {
    "registered_at": "登记时间",
    "deadline": "期限",
    "stage": "阶段",
    "closed_at": "销号时间",
    "reopen_count": "重新打开",
    "last_recorded_at": "最近记录",
}
BASIS_LABELS = {
    "registered": "登记",
    "assigned": "交办",
    "rectification_reported": "上报整改",
    "verified": "验收",
    "closed": "销号",
    "reopened": "重新打开",
    "voided": "作废",
}
PAGE_SIZE = 20


@dataclass(frozen=True)
class LedgerQuery:
    village: str = ""
    source: str = ""
    category: str = ""
    stage: str = ""
    overdue: str = ""
    first: date | None = None
    last: date | None = None
    basis: str = "registered"
    sort: str = "-registered_at"
    page: int = 1

    @classmethod
    def from_request(cls, request: Request, caller: Caller) -> LedgerQuery:
        q = request.query_params
        village = str(caller.village_id) if caller.is_village_scoped else q.get("village", "")
        query = cls(
            village=village,
            source=_one_of(q.get("source", ""), Source, "来源"),
            category=_one_of(q.get("category", ""), Category, "类别"),
            stage=_one_of(q.get("stage", ""), Stage, "阶段"),
            overdue=q.get("overdue", "") if q.get("overdue", "") in ("", "yes", "no") else "",
            first=parse_day(q.get("from"), "开始日期"),
            last=parse_day(q.get("to"), "结束日期"),
            basis=q.get("basis") or "registered",
            sort=q.get("sort") or "-registered_at",
            page=_page(q.get("page")),
        )
        if query.basis not in PERIOD_BASES:
            raise InvalidInput(f"未知的期间依据“{query.basis}”", f"unknown period basis {query.basis!r}")
        if query.sort.lstrip("-") not in SORTABLE:
            raise InvalidInput(f"不能按“{query.sort}”排序", f"cannot sort by {query.sort!r}")
        return query

    @property
    def where(self) -> dict[str, Any]:
        where: dict[str, Any] = {}
        for column, value in (("village_id", self.village), ("source", self.source),
                              ("category", self.category), ("stage", self.stage)):
            if value:
                where[column] = value
        return where

    @property
    def overdue_flag(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.overdue)

    def period(self, zone: tzinfo) -> Period | None:
        return period_of(self.first, self.last, zone)

    def params(self, **changes: Any) -> dict[str, str]:
        values = {
            "village": self.village, "source": self.source, "category": self.category, "stage": self.stage,
            "overdue": self.overdue, "from": self.first.isoformat() if self.first else "",
            "to": self.last.isoformat() if self.last else "", "basis": self.basis, "sort": self.sort,
            "page": str(self.page),
        }
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v and not (k == "basis" and v == "registered")
                and not (k == "page" and v == "1") and not (k == "sort" and v == "-registered_at")}

    def link(self, as_of: str = "", **changes: Any) -> str:
        params = self.params(**changes)
        if as_of:
            params["as_of"] = as_of
        return urlencode(params)

    def sort_link(self, column: str, as_of: str = "") -> str:
        """Sorting by a column: first descending, then ascending on the next click."""
        order = column if self.sort == f"-{column}" else f"-{column}"
        return self.link(as_of, sort=order, page=1)

    def run(self, store: ReadStore, zone: tzinfo, as_of: AsOf, on: date,
            page: int | None = None, page_size: int = PAGE_SIZE) -> Page:
        return ledger(store, where=self.where, period=self.period(zone), basis=self.basis,
                      overdue=self.overdue_flag, sort=self.sort, page=page or self.page, page_size=page_size,
                      as_of=as_of, on=on)


def _one_of(value: str, vocabulary: Any, what: str) -> str:
    if value and value not in vocabulary._value2member_map_:
        raise InvalidInput(f"未知的{what}“{value}”", f"unknown {what} {value!r}")
    return value


def _page(text: str | None) -> int:
    return page_number(text)
