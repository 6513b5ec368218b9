"""The year-end assessment (年终考核) as the township office prints it: each cadre's points and what they rest on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from domain.assessment.year_end import YearEndAssessment
from domain.vocabulary import ROLE_LABELS, Role
from taizhang.audit.printed import Seal, stamp_sheet
from taizhang.exports.layout import (
    FIRST_LINE_ROW,
    SCORE,
    Column,
    merged_row,
    new_sheet,
    print_setup,
    table_row,
    title_and_header,
    to_bytes,
)

COLUMNS = (
    Column("序号", 6),
    Column("姓名", 10),
    Column("职务", 14),
    Column("年终得分", 10, SCORE),
    Column("计分村月数", 10),
    Column("未结账月份", 24, wrap=True),
    Column("考核规则版本", 16),
)


def _role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


def year_end_xlsx(township: str, year: int, assessments: Sequence[YearEndAssessment], as_of_position: int,
                  frozen_on: date | None, seal: Seal | None = None) -> bytes:
    """One row per assessed cadre, in the order the record gives them, then who made the table."""
    workbook, ws = new_sheet(f"{year}年终考核")
    state = f"已于{frozen_on.isoformat()}确定" if frozen_on else f"尚未确定（台账记录截至第{as_of_position}号）"
    title_and_header(ws, f"{township}{year}年度年终考核", f"得分为其负责村各月综合得分的平均　　{state}", COLUMNS)
    row = FIRST_LINE_ROW
    for number, assessed in enumerate(assessments, start=1):
        values = (number, assessed.person_name, _role_label(assessed.role), assessed.points, len(assessed.entries),
                  "、".join(assessed.months_not_closed) or "—", "、".join(assessed.rule_version_ids))
        table_row(ws, row, values, COLUMNS)
        row += 1
    # Only where a case took points, so that a year without any prints as it always did.
    for assessed in assessments:
        for case in assessed.cases:
            row += 1
            said = (f"问责扣分：{assessed.person_name}（{_role_label(assessed.role)}）{case.trigger_label}"
                    f"（{case.day.isoformat()}）{case.outcome_label} 扣 {case.points} 分（问责案件 {case.case_id}，"
                    f"依据其至第 {case.ref.version} 条记录，位置 {case.ref.position}）")
            merged_row(ws, row, said, len(COLUMNS), bordered=False)
    merged_row(ws, row + 1, "制表人：＿＿＿＿　　审核人：＿＿＿＿　　日期：＿＿＿＿", len(COLUMNS), bordered=False)
    stamp_sheet(ws, seal)
    print_setup(ws, landscape=False)
    stamped = frozen_on or date(year, 12, 31)
    return to_bytes(workbook, datetime(stamped.year, stamped.month, stamped.day))
