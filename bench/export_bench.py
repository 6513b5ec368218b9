"""Downloads against the libraries writing the same content plainly: the ledger workbook and the summary in Word.

    python -m bench.export_bench [--rounds 10]

On the demo township (loaded into a temporary folder):

- The ledger's Excel download (``taizhang.exports.ledger.ledger_xlsx``: every problem's words read from
  the record, the import layout, named styles, filters, print set-up) against openpyxl's write-only
  mode writing the same cells, unstyled (the values read back from the product's own workbook). Target:
  the product at least half as fast (its time ≤ 2 × the plain writing). Beside it, for reference, the
  product's writing alone (the words already read).
- The work summary in Word (``render_docx``: GB/T 9704 page, grid, styles, page numbers, signature)
  against python-docx writing the same paragraphs into a default document, unstyled. The same target.

Product and limit take turns, one call each per round; the medians are compared.
"""

from __future__ import annotations

import argparse
import io
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from unittest import mock

from docx import Document
from openpyxl import Workbook, load_workbook

from bench.harness import Figure, report
from projections import queries
from projections.db import ReadStore
from projections.runner import Projector
from taizhang.bootstrap import build_app, build_read_store
from taizhang.demo.loader import load_demo
from taizhang.exports import ledger
from taizhang.settings import Settings
from taizhang.summary.figures import summary_facts
from taizhang.summary.render import render_docx

TARGET = 2.0  # the product's time at most twice the plain writing's (its speed at least half)
STAMP = datetime(2024, 1, 5, tzinfo=UTC)


def every_row(store: ReadStore) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        got = queries.ledger(store, page=page, page_size=500, sort="registered_at", on=date(2023, 12, 31))
        rows += got.rows
        if len(rows) >= got.total:
            return rows
        page += 1


def plain_xlsx(lines: list[tuple[Any, ...]]) -> bytes:
    """openpyxl at its fastest: a write-only sheet, one append per row, no style."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("问题台账")
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_docx(paragraphs: list[str]) -> bytes:
    """python-docx's default document with the same paragraphs, no style of their own."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def medians(operations: dict[str, Callable[[], Any]], rounds: int) -> dict[str, float]:
    for operation in operations.values():
        operation()
    seconds: dict[str, list[float]] = {name: [] for name in operations}
    for _ in range(rounds):
        for name, operation in operations.items():
            started = time.perf_counter()
            operation()
            seconds[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in seconds.items()}


def measure(folder: Path, rounds: int) -> tuple[list[Figure], dict[str, Any]]:
    settings = Settings(store="sqlite", data_dir=folder)
    load_demo(settings)
    projector = Projector(build_app(settings), build_read_store(settings))
    projector.setup()
    projector.catch_up()
    app, store = projector.app, projector.store
    rows = every_row(store)
    made = ledger.ledger_xlsx(app, rows, "东坪镇全域无垃圾治理问题台账", "全部问题", STAMP)
    sheet = load_workbook(io.BytesIO(made)).active
    assert sheet is not None
    lines = [tuple(values) for values in sheet.iter_rows(values_only=True)]
    words = ledger.problem_words(app, rows)

    def written_only() -> bytes:
        with mock.patch.object(ledger, "problem_words", lambda *_: words):
            return ledger.ledger_xlsx(app, rows, "东坪镇全域无垃圾治理问题台账", "全部问题", STAMP)

    excel = medians({
        "product": lambda: ledger.ledger_xlsx(app, rows, "东坪镇全域无垃圾治理问题台账", "全部问题", STAMP),
        "writing only": written_only,
        "plain": lambda: plain_xlsx(lines),
    }, rounds)

    facts = summary_facts(store, app.township().name, date(2023, 1, 1), date(2023, 12, 31), None, with_events=False)
    printed = render_docx(facts)
    paragraphs = [p.text for p in Document(io.BytesIO(printed)).paragraphs]
    word = medians({"product": lambda: render_docx(facts), "plain": lambda: plain_docx(paragraphs)}, rounds)
    projector.store.close()
    projector.app.close()
    cells = sum(1 for line in lines for value in line if value is not None)
    figures = [
        Figure("export", "sqlite", f"ledger xlsx ({len(rows)} rows) vs write-only unstyled", excel["product"],
               excel["plain"], TARGET, unit="s",
               miss="styling and the words read from the record; next: profile bench.export_bench's ledger"),
        Figure("export", "sqlite", "ledger xlsx, its writing alone, vs the same", excel["writing only"],
               excel["plain"], TARGET, unit="s", reference=True),
        Figure("export", "sqlite", f"summary docx ({len(paragraphs)} paragraphs) vs unstyled", word["product"],
               word["plain"], TARGET, unit="s",
               miss="the official layout's styles; next: profile render_docx"),
    ]
    details = {"ledger_rows": len(rows), "ledger_cells": cells, "ledger_bytes": len(made), "excel_s": excel,
               "docx_paragraphs": len(paragraphs), "docx_bytes": len(printed), "word_s": word}
    return figures, details


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="calls of each, taking turns, after one to warm up")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        figures, details = measure(Path(name), args.rounds)
    report("export", figures, {"rounds": args.rounds, **details})


if __name__ == "__main__":
    main()
