"""What every Excel import shares: the sheet read under its header, and a file refused whole with its bad rows."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from domain.errors import InvalidInput

HEADER_SEARCH = 10  # the header is the first of the first rows that names every required column


class RejectedFile(InvalidInput):
    """The file is refused whole; ``details["rows"]`` lists each bad row's number and reason."""

    code = "rejected_file"
    title = "文件被整体退回"


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str


def read_table(
    content: bytes, required: Sequence[str], columns: Sequence[str]
) -> list[tuple[int, dict[str, Any]]]:
    """Each row below the header of the workbook's first sheet, by column name, with its row number."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise RejectedFile("文件不是有效的 Excel 工作簿（.xlsx）", f"not an .xlsx workbook: {error}", rows=[]) from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header: list[str] = []
    header_row = 0
    for header_row, values in enumerate(rows, start=1):
        header = [str(c).strip() if c is not None else "" for c in values]
        if all(c in header for c in required) or header_row == HEADER_SEARCH:
            break
    missing = [c for c in required if c not in header]
    if missing:
        raise RejectedFile(
            f"前 {HEADER_SEARCH} 行中找不到表头，缺少列：{'、'.join(missing)}",
            f"no header row in the first {HEADER_SEARCH} rows: it lacks {', '.join(missing)}", rows=[],
        )
    index = {name: header.index(name) for name in columns if name in header}
    found = []
    for number, values in enumerate(rows, start=header_row + 1):
        if values is None or all(v in (None, "") for v in values):
            continue
        found.append((number, {name: values[i] if i < len(values) else None for name, i in index.items()}))
    return found


def refuse_rows(refusals: list[RowProblem], what_zh: str = "导入") -> RejectedFile:
    """The whole file refused, the first twenty bad rows named in words, every one in the details."""
    listed = "；".join(f"第 {r.row} 行：{r.reason}" for r in refusals[:20])
    return RejectedFile(
        f"{what_zh}被拒绝，未记录任何内容。{listed}",
        f"import refused, nothing recorded: {len(refusals)} bad row(s)",
        rows=[{"row": r.row, "reason": r.reason} for r in refusals],
    )
