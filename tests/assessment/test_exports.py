"""Pay sheets and village rankings exported to Excel as the township office prints them."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal as D

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from taizhang.exports.layout import FIRST_LINE_ROW, HEADER_ROW, MONEY
from taizhang.exports.words import rmb_in_words
from tests.assessment.township import found, patrol, township

MARCH, APRIL = Month(2023, 3), Month(2023, 4)


def at(clock: SimulatedClock, y: int, m: int, d: int) -> None:
    clock.set(datetime(y, m, d, 2, tzinfo=UTC))


def opened(content: bytes) -> Worksheet:
    return load_workbook(io.BytesIO(content)).active


def column_of(ws: Worksheet, header: str) -> int:
    return next(c.column for c in ws[HEADER_ROW] if c.value == header)


def body(ws: Worksheet) -> list[tuple]:
    """The lines between the header and the first subtotal."""
    rows = []
    for row in ws.iter_rows(min_row=FIRST_LINE_ROW, values_only=True):
        if not isinstance(row[0], int):
            break
        rows.append(row)
    return rows


def row_labelled(ws: Worksheet, label: str) -> tuple:
    return next(r for r in ws.iter_rows(values_only=True) if label in r)


def text_of(ws: Worksheet) -> str:
    return "\n".join(str(v) for r in ws.iter_rows(values_only=True) for v in r if v is not None)


def printed_for_a4(ws: Worksheet) -> None:
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert all(c.font.b and c.border.left.style == "thin" for c in ws[HEADER_ROW])


def test_a_cleaners_sheet_prints_its_adjustment_with_the_cause_and_the_signatures(
    app: Taizhang, clock: SimulatedClock
) -> None:
    t = township(app)
    at(clock, 2023, 3, 20)
    corrected = patrol(app, t, date(2023, 3, 10), None, True, found("piles", 2)).id
    patrol(app, t, date(2023, 3, 17), None, True, found("piles", 2))
    at(clock, 2023, 4, 2)
    app.close_month(MARCH, "王芳")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "王芳")
    at(clock, 2023, 4, 3)
    app.approve_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "张伟")
    app.mark_pay_sheet_paid(SheetKind.CLEANER_BONUS, MARCH, "2023年4月第12号", date(2023, 4, 8), "刘洋")
    at(clock, 2023, 4, 20)
    patrol(app, t, date(2023, 4, 10))
    patrol(app, t, date(2023, 4, 17))
    correction = app.correct_patrol(corrected, [], "复核照片，五堆不在其责任区", "周明")
    at(clock, 2023, 5, 2)
    app.close_month(APRIL, "王芳")
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, APRIL, "王芳")

    ws = opened(app.export_pay_sheet(SheetKind.CLEANER_BONUS, APRIL))
    assert ws["A1"].value == "示例镇2023年4月保洁员考核奖励发放表"
    assert "考核规则版本：2023-01" in ws["A2"].value and "草稿" in ws["A2"].value
    printed_for_a4(ws)
    amount, remark = column_of(ws, "金额（元）") - 1, column_of(ws, "备注") - 1
    lines = body(ws)
    assert [(r[1], r[4], r[amount]) for r in lines] == [("李娟", "2023-04", 300), ("李娟", "2023-03", 100)]
    adjustment = lines[1][remark]
    assert "补发2023-03差额" in adjustment and f"台账第{correction.position}号记录（巡查记录更正）" in adjustment
    assert row_labelled(ws, "合计")[amount] == sum(r[amount] for r in lines) == 400
    assert row_labelled(ws, "补发扣回小计")[amount] == 100
    assert ws.cell(FIRST_LINE_ROW, amount + 1).number_format == MONEY
    assert "合计金额（大写）：肆佰元整" in text_of(ws)
    assert "制表人：王芳　　日期：2023-05-02" in text_of(ws) and "审核人：＿＿＿＿" in text_of(ws)

    march = opened(app.export_pay_sheet(SheetKind.CLEANER_BONUS, MARCH))
    assert [r[amount] for r in body(march)] == [200]  # approved before the correction: printed as approved
    footer = text_of(march)
    assert "审核人：张伟　　日期：2023-04-03" in footer and "发放日期：2023-04-08　　凭证：2023年4月第12号" in footer


def test_cadre_pay_prints_roles_villages_and_the_rule_version(app: Taizhang, clock: SimulatedClock) -> None:
    t = township(app)
    at(clock, 2023, 3, 20)
    patrol(app, t, date(2023, 3, 10))
    patrol(app, t, date(2023, 3, 17))
    at(clock, 2023, 4, 2)
    app.close_month(MARCH, "王芳")
    app.draft_pay_sheet(SheetKind.CADRE_PAY, MARCH, "王芳")
    ws = opened(app.export_pay_sheet(SheetKind.CADRE_PAY, MARCH))
    assert ws["A1"].value == "示例镇2023年3月村组干部绩效报酬发放表"
    [line] = body(ws)
    assert line[1:4] == ("张书记", "村支部书记", "东沟村") and line[column_of(ws, "金额（元）") - 1] == 1200
    assert "× 系数 1.2（先进，第 1 名）" in line[column_of(ws, "计发依据") - 1]
    assert "合计金额（大写）：壹仟贰佰元整" in text_of(ws)


def test_a_closed_months_rankings_print_frozen_with_the_unranked_village_and_its_reason(
    app: Taizhang, clock: SimulatedClock
) -> None:
    t = township(app)
    at(clock, 2023, 3, 20)
    patrol(app, t, date(2023, 3, 10), None, True, found("litter", 1))
    patrol(app, t, date(2023, 3, 17))
    patrol(app, t, date(2023, 3, 18), t.west, False)
    provisional = opened(app.export_rankings(MARCH))
    assert "未结账，暂定排名" in provisional["A2"].value
    at(clock, 2023, 4, 2)
    app.close_month(MARCH, "王芳")
    position_after_closing = app.recorder.max_notification_id()
    ws = opened(app.export_rankings(MARCH))
    assert ws["A1"].value == "示例镇2023年3月各村环境整治考核排名"
    assert "已于2023-04-02结账" in ws["A2"].value and "2023-01" in ws["A2"].value
    printed_for_a4(ws)
    rows = body(ws)
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, "东沟村", 2)]
    unranked = row_labelled(ws, "西岭村")
    assert unranked[0] == "不排名" and "少于参与排名所需的 2 次" in unranked[-1]
    assert row_labelled(ws, "合计")[2] == 3 and "参加排名 1 个村，不排名 1 个村" in row_labelled(ws, "合计")
    assert row_labelled(ws, "东沟村")[column_of(ws, "巡查平均分") - 1] == 97.5
    assert "制表人：王芳　　结账日期：2023-04-02" in text_of(ws)
    assert app.recorder.max_notification_id() == position_after_closing  # exporting records nothing


@pytest.mark.parametrize(
    ("amount", "words"),
    [("200", "贰佰元整"), ("348.39", "叁佰肆拾捌元叁角玖分"), ("1005", "壹仟零伍元整"), ("10010", "壹万零壹拾元整"),
     ("100.05", "壹佰元零伍分"), ("-100", "负壹佰元整"), ("0", "零元整"), ("100010000", "壹亿零壹万元整")],
)
def test_totals_are_written_in_capital_numerals(amount: str, words: str) -> None:
    assert rmb_in_words(D(amount)) == words
