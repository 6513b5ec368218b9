"""The ledger as an Excel workbook laid out as the township office prints it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from projections.snapshot import Snapshot
from taizhang.application import Taizhang
from taizhang.exports.ledger import ledger_xlsx
from web.labels import category_label, local_time, source_label, stage_label
from web.ledger_query import LedgerQuery


def ledger_workbook(
    app: Taizhang, rows: list[dict[str, Any]], names: dict[str, str], township: str, query: LedgerQuery,
    snapshot: Snapshot, on: date, as_of: datetime | None,
) -> bytes:
    """The rows asked for, in the layout ``taizhang import-ledger`` reads back (taizhang/exports/ledger.py)."""
    moment = f"截至 {local_time(as_of)} 的记录（历史视图）" if as_of else f"导出时的记录（位置 {snapshot.position}）"
    note = f"{describe(query, names)}；逾期按 {on.isoformat()} 判断；{moment}；共 {len(rows)} 条"
    stamped = as_of or snapshot.recorded_at or datetime(on.year, on.month, on.day)
    return ledger_xlsx(app, rows, f"{township}全域无垃圾治理问题台账", note, stamped)


def describe(query: LedgerQuery, names: dict[str, str]) -> str:
    parts = []
    if query.village:
        parts.append(f"村：{names.get(query.village, query.village[:8])}")
    if query.source:
        parts.append(f"来源：{source_label(query.source)}")
    if query.category:
        parts.append(f"类别：{category_label(query.category)}")
    if query.stage:
        parts.append(f"阶段：{stage_label(query.stage)}")
    if query.overdue:
        parts.append("仅逾期" if query.overdue == "yes" else "未逾期")
    if query.first or query.last:
        parts.append(f"期间：{query.first or '…'} 至 {query.last or '…'}")
    return "，".join(parts) or "全部问题"


