"""How the command line prints figures: a table in the township's words for a person, JSON for a script.

A table's headers are Chinese, its codes said as words (a role, a stage, a category), an unranked
village says 不排名; what the answer rests on (the log position, the rule version, the digest) follows
as labelled lines. Piped into a file or another program, a table is never cut at 80 columns. JSON keeps
the keys and codes, for programs.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from domain.local_time import CHINA
from domain.words import word

LOG_HEAD: int | None = None
"""The log's head when the command's read models were caught up: each answer says how far it lags it."""

# Wide enough for any table when the output is not a terminal: rich would otherwise fold it to 80.
console = Console(width=None if sys.stdout.isatty() else 100_000)

HEADERS = {
    "rank": "名次", "village_name": "村", "village": "村", "score": "得分", "cases": "巡查次数",
    "patrol_mean": "巡查平均分", "coverage_percent": "门前五包覆盖率(%)", "overdue": "逾期", "reopened": "重新打开",
    "band": "档次", "cadre_coefficient": "报酬系数", "note": "说明", "person": "姓名", "role": "职务",
    "for_month": "所属月份", "amount": "金额(元)", "basis": "依据", "rule_version_id": "规则版本",
    "adjusts_sheet": "更正的发放表", "points": "分值", "village_months": "村·月数", "months_not_closed": "未结账月数",
    "rule_versions": "规则版本", "cleaner": "保洁员", "grade": "等次", "patrols": "巡查次数", "signed": "已签户数",
    "households": "总户数", "percent": "覆盖率(%)", "month": "月份", "name": "名称", "generation": "代",
    "position": "位置", "head": "日志末位", "lag": "落后", "active": "在用", "count": "问题数", "labour": "人工(人次)",
    "machinery": "机械(台次)", "tonnes": "清运垃圾(吨)", "buildings": "拆除建筑(处)", "problem_id": "问题编号",
    "village_id": "村", "category": "类别", "stage": "阶段", "source": "来源", "deadline": "期限",
    "days_overdue": "逾期天数", "group_id": "村民小组", "kind": "类型", "status": "状态", "place": "地点",
    "registered_at": "登记时间", "code": "编码", "groups": "村民小组", "id": "编号", "cleaner_id": "保洁员编号",
    "person_id": "人员编号", "username": "账号", "access_role": "权限", "phone": "电话", "posts": "任职",
    "number": "序号", "unit": "单位", "start": "起", "end": "止", "area": "保洁区域", "holidays": "放假日",
    "makeup_workdays": "调休上班日", "title": "文件", "year": "年份",
    "people": "涉及人员", "reason": "说明", "review_status": "核查状态", "flag_key": "疑点编号",
    "trigger_key": "触发编号", "case_stage": "案件状态", "positions": "所据事件（位置）", "case_points": "问责扣分",
}

# Columns whose codes are said in words: the vocabulary each one draws from (domain.words).
WORDED = {"role": "role", "stage": "stage", "category": "category", "source": "source", "status": "sheet_status",
          "access_role": "access_role"}

FOOTER = {
    "frozen": "已结账", "rule_version_id": "规则版本", "digest": "摘要", "status": "状态", "total": "合计(元)",
    "on": "日期", "frozen_digest": "年终考核摘要",
}


def plain(value: Any) -> Any:
    """Dataclasses, dates and decimals as JSON's plain values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def cell(key: str, value: Any) -> str:
    """One table cell in the township's words."""
    if key == "rank" and value is None:
        return "不排名"
    if key in WORDED:
        return word(WORDED[key], value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, (list, tuple)):
        return "、".join(str(plain(v)) for v in value) or "—"
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(plain(value))


def as_of_line(as_of: dict[str, Any]) -> str:
    """The position an answer reflects, in words."""
    position = as_of.get("position")
    recorded = as_of.get("recorded_at")
    when = f"，记录于 {datetime.fromisoformat(recorded).astimezone(CHINA):%Y-%m-%d %H:%M}" if recorded else ""
    latest = "（当前最新）" if as_of.get("latest") else "（历史状态）"
    lag = f"，其后台账又记录了 {as_of['lag']} 条" if as_of.get("lag") else ""
    return f"依据台账位置 {position}{when}{latest}{lag}"


def print_rows(
    rows: list[dict[str, Any]],
    as_json: bool,
    title: str,
    extra: dict[str, Any] | None = None,
    names: dict[str, Callable[[Any], str]] | None = None,
) -> None:
    """Rows as a table (or JSON); ``names`` turns id columns into what a person reads (a village's name)."""
    if extra and isinstance(extra.get("as_of"), dict) and LOG_HEAD is not None:
        position = extra["as_of"].get("position") or 0
        extra = {**extra, "as_of": {**extra["as_of"], "head": LOG_HEAD, "lag": max(LOG_HEAD - position, 0)}}
    if as_json:
        typer.echo(json.dumps(plain({**(extra or {}), "rows": rows}), ensure_ascii=False, indent=2))
        return
    table = Table(title=title)
    columns = [c for c in (rows[0] if rows else []) if c != "provenance"]
    for column in columns:
        table.add_column(HEADERS.get(column, column))
    for row in rows:
        table.add_row(*(names[c](row[c]) if names and c in names else cell(c, row[c]) for c in columns))
    if rows:
        console.print(table)
    else:
        console.print(f"{title}：没有记录")
    for key, value in (extra or {}).items():
        if key == "as_of" and isinstance(value, dict):
            console.print(as_of_line(value))
        elif key in FOOTER and value is not None:
            console.print(f"{FOOTER[key]}：{cell(key, value)}")
