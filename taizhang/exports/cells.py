"""Recorded text as an exported cell: always text, never a formula, and writable whatever it holds.

Text that people typed (a place, a name, a reason) may begin with ``=``, ``+``, ``-`` or ``@``: a
spreadsheet program would run it as a formula (OWASP, "CSV Injection"). In a workbook such text is
written as a string cell marked as quoted text; in CSV it gets the leading apostrophe OWASP advises.
Events are immutable, so text recorded before the inputs refused control characters must still be
exportable: those characters, which XML (xlsx, docx) cannot hold, are written as their visible
Unicode pictures (U+2400…) instead of failing the whole export.

Every writer of an export calls here: ``put`` for a workbook cell, ``csv_field`` for a CSV field,
``printable`` for any other text (a Word paragraph).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a Word printout or a CSV needs the rule, not the spreadsheet library
    from openpyxl.cell.cell import Cell, MergedCell
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# C0 controls other than tab, newline and carriage return; DEL; lone surrogates (never valid UTF-8).
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_PICTURE_DEL = "\u2421"
_REPLACEMENT = "\ufffd"


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return _PICTURE_DEL if code == 0x7F else _REPLACEMENT


def printable(text: str) -> str:
    """The text with every character XML cannot hold shown as its picture (``\\x01`` → ``␁``)."""
    return _UNWRITABLE.sub(_picture, text)


def formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Write ``value`` into the cell; text stays text (quoted), numbers and dates stay what they are."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = printable(value)
        cell.data_type = "s"  # openpyxl makes "=…" a formula; recorded text never is one
        if formula_like(value):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    else:
        cell.value = value
    return cell


def csv_field(value: Any) -> Any:
    """A CSV field: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if not isinstance(value, str):
        return value
    text = printable(value)
    return "'" + text if formula_like(text) else text
