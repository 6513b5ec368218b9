"""A month's pay sheet as the finance office prints it: payees, adjustments with their causes, totals, signatures."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from domain.assessment.paysheet import SHEET_KIND_LABELS, SHEET_STATUS_LABELS, PayLine, PaySheet, SheetKind
from domain.assessment.values import FactRef, Month, money
from domain.vocabulary import ROLE_LABELS, Role
from taizhang.audit.printed import Seal, stamp_sheet
from taizhang.exports.layout import (
    FIRST_LINE_ROW,
    MONEY,
    Column,
    autofilter,
    merged_row,
    new_sheet,
    print_setup,
    table_row,
    title_and_header,
    to_bytes,
)
from taizhang.exports.sheets import SheetHistory, Signature
from taizhang.exports.words import rmb_in_words

COLUMNS = (
    Column("序号", 6),
    Column("姓名", 10),
    Column("职务", 12),
    Column("村", 10),
    Column("所属月份", 10),
    Column("计发依据", 46, wrap=True),
    Column("金额（元）", 12, MONEY),
    Column("备注", 34, wrap=True),
    Column("领款人签字", 12),
)


def sheet_title(township: str, month: Month, kind: SheetKind) -> str:
    return f"{township}{month.year}年{month.month}月{SHEET_KIND_LABELS[kind]}"


def _role_label(role: str) -> str:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return role


def _cause_text(causes: tuple[FactRef, ...], labels: dict[int, str]) -> str:
    return "、".join(f"台账第{c.position}号记录（{labels.get(c.position, '更正或补录')}）" for c in causes)


def adjustment_note(line: PayLine, labels: dict[int, str]) -> str:
    """Which month it corrects (its approved sheet stays as it was) and the records that made the difference."""
    direction = "补发" if line.amount > 0 else "扣回"
    note = f"{direction}{line.for_month}差额（{line.for_month}发放表已审批，不作改动）"
    if line.causes:
        note += f"；起因：{_cause_text(line.causes, labels)}"
    return note


def _signature_text(label: str, signatures: tuple[Signature, ...]) -> str:
    if not signatures:
        return f"{label}：＿＿＿＿　　日期：＿＿＿＿"
    names = "、".join(dict.fromkeys(s.who for s in signatures))
    return f"{label}：{names}　　日期：{signatures[-1].on.isoformat()}"


def pay_sheet_xlsx(sheet: PaySheet, township: str, history: SheetHistory, seal: Seal | None = None) -> bytes:
    """The sheet's lines (its own month first, then adjustments), the totals, and who signed it when."""
    kind, month = SheetKind(sheet.kind), sheet.month
    workbook, ws = new_sheet(f"{month.year}年{month.month}月")
    note = (
        f"考核规则版本：{sheet.rule_version_id}　　状态：{SHEET_STATUS_LABELS[sheet.status]}"
        f"　　依据台账记录截至第{sheet.as_of_position}号　　金额单位：元"
    )
    title_and_header(ws, sheet_title(township, month, kind), note, COLUMNS)
    regular = [line for line in sheet.lines if not line.is_adjustment]
    adjustments = [line for line in sheet.lines if line.is_adjustment]
    row = FIRST_LINE_ROW
    for number, line in enumerate(regular + adjustments, start=1):
        remark = adjustment_note(line, history.cause_labels) if line.is_adjustment else ""
        village = line.village_name or history.villages.get(str(line.person_id)) or "—"
        values = (number, line.person_name, _role_label(line.role), village, line.for_month,
                  line.basis, money(line.amount), remark, "")
        table_row(ws, row, values, COLUMNS)
        row += 1
    autofilter(ws, COLUMNS, row - 1)
    regular_total = money(sum((line.amount for line in regular), Decimal(0)))
    adjustment_total = money(sum((line.amount for line in adjustments), Decimal(0)))
    total = money(regular_total + adjustment_total)
    table_row(ws, row, ("", "本月应发小计", "", "", str(month), f"{len(regular)} 人", regular_total, "", ""), COLUMNS,
              bold=True)
    table_row(ws, row + 1, ("", "补发扣回小计", "", "", "", f"{len(adjustments)} 行", adjustment_total, "", ""),
              COLUMNS, bold=True)
    table_row(ws, row + 2, ("", "合计", "", "", "", "", total, "", ""), COLUMNS, bold=True)
    merged_row(ws, row + 3, f"合计金额（大写）：{rmb_in_words(total)}", len(COLUMNS), bold=True)
    paid = (f"发放日期：{history.paid.on.isoformat()}　　凭证：{history.payment_reference}"
            if history.paid else "发放日期：＿＿＿＿")
    signatures = "　　　　".join((
        _signature_text("制表人", history.drafted),
        _signature_text("审核人", (history.approved,) if history.approved else ()),
        paid,
    ))
    merged_row(ws, row + 5, signatures, len(COLUMNS), bordered=False)
    stamp_sheet(ws, seal)
    print_setup(ws, landscape=True)
    stamped = history.drafted[0].on if history.drafted else month.last_day
    return to_bytes(workbook, datetime(stamped.year, stamped.month, stamped.day))
