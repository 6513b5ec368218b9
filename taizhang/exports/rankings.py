"""A month's village rankings as the township office prints them for the notice board and the bulletin."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from domain.assessment.values import Month
from taizhang.audit.printed import Seal, stamp_sheet
from taizhang.exports.layout import (
    FIRST_LINE_ROW,
    INTEGER,
    SCORE,
    Column,
    autofilter,
    merged_row,
    new_sheet,
    print_setup,
    table_row,
    title_and_header,
    to_bytes,
)
from taizhang.exports.sheets import RankingSheet

COLUMNS = (
    Column("名次", 7),
    Column("村", 12),
    Column("巡查次数", 8, INTEGER),
    Column("巡查平均分", 10, SCORE),
    Column("门前五包覆盖率（%）", 11, SCORE),
    Column("逾期问题（件）", 9, INTEGER),
    Column("重新打开（件）", 9, INTEGER),
    Column("平均销号天数", 9, SCORE),
    Column("有奖举报（件）", 9, INTEGER),
    Column("综合得分", 10, SCORE),
    Column("档次", 8),
    Column("村干部报酬系数", 9, "0.00"),
    Column("说明", 34, wrap=True),
)


def ranking_title(township: str, month: Month) -> str:
    return f"{township}{month.year}年{month.month}月各村环境整治考核排名"


def _row(record: dict[str, Any]) -> tuple[Any, ...]:
    return (
        record["rank"] if record["rank"] is not None else "不排名",
        record["village_name"],
        record["cases"],
        Decimal(record["patrol_mean"]),
        Decimal(record["coverage_percent"]),
        record["overdue"],
        record["reopened"],
        Decimal(record["mean_days_to_close"]),
        record["public_reports"],
        Decimal(record["score"]),
        record["band"],
        Decimal(record["cadre_coefficient"]),
        record["note"],
    )


def rankings_xlsx(table: RankingSheet, seal: Seal | None = None) -> bytes:
    """Ranked villages in order, then those not ranked with the reason; a summary row and the signatures."""
    workbook, ws = new_sheet(f"{table.month.year}年{table.month.month}月排名")
    if table.closed_on is not None:
        state = f"已于{table.closed_on.isoformat()}结账，排名冻结（摘要 {(table.digest or '')[:16]}）"
    else:
        state = f"未结账，暂定排名（台账记录截至第{table.as_of_position}号）"
    title_and_header(ws, ranking_title(table.township, table.month),
                     f"考核规则版本：{table.rule_version_id}　　{state}", COLUMNS)
    row = FIRST_LINE_ROW
    for record in table.rows:
        table_row(ws, row, _row(record), COLUMNS)
        row += 1
    autofilter(ws, COLUMNS, row - 1)
    ranked = [r for r in table.rows if r["rank"] is not None]
    summary = ("合计", f"{len(table.rows)} 个村", sum(r["cases"] for r in table.rows), None, None,
               sum(r["overdue"] for r in table.rows), sum(r["reopened"] for r in table.rows), None,
               sum(r["public_reports"] for r in table.rows), None, "", None,
               f"参加排名 {len(ranked)} 个村，不排名 {len(table.rows) - len(ranked)} 个村")
    table_row(ws, row, summary, COLUMNS, bold=True)
    closer = table.closed_by or "＿＿＿＿"
    closed_on = table.closed_on.isoformat() if table.closed_on else "＿＿＿＿"
    merged_row(ws, row + 2, f"制表人：{closer}　　结账日期：{closed_on}　　　　审核人：＿＿＿＿　　日期：＿＿＿＿",
               len(COLUMNS), bordered=False)
    stamp_sheet(ws, seal)
    print_setup(ws, landscape=True)
    stamped = table.closed_on or table.month.last_day
    return to_bytes(workbook, datetime(stamped.year, stamped.month, stamped.day))
