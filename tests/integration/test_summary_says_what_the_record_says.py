"""The summary says what the record says: for a year, a month, an empty store and a time before any record.

No placeholder, "（无）", "None" or "XXX" ever reaches the text; a figure with no records says 本期未录入;
every sentence about problems and next steps has the record's events behind it; the Word file is an
official document closed by the issuing office and date.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from typer.testing import CliRunner

from taizhang.cli.root import cli

LEAKS = ("（无）", "{{", "}}", "[[", "]]", "None", "XXX", "null")


def summary(folder: Path, first: str, last: str, *extra: str) -> str:
    result = CliRunner().invoke(cli, ["summary", "--from", first, "--to", last, "--data", str(folder), *extra])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def empty_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("empty")
    made = CliRunner().invoke(cli, ["init", "--township", "空白镇", "--code", "kb", "--data", str(folder)])
    assert made.exit_code == 0, made.output
    return folder


def every_sentence_rests_on_the_record(body: dict) -> None:  # type: ignore[type-arg]
    for part in ("problems", "next_steps", "assessment"):
        for finding in body["findings"][part]:
            behind = finding["provenance"]
            assert behind, f"{part}: {finding['text']} has nothing behind it"
            assert all(p.get("events") or p.get("facts") for p in behind), finding["text"]


@pytest.mark.parametrize(("first", "last"), [("2023-01-01", "2023-12-31"), ("2023-03-01", "2023-03-31"),
                                             ("2022-01-01", "2022-06-30")])
def test_no_placeholder_or_empty_word_reaches_the_text(demo_folder: Path, first: str, last: str) -> None:
    text = summary(demo_folder, first, last)
    assert not [leak for leak in LEAKS if leak in text]
    body = json.loads(summary(demo_folder, first, last, "--format", "json"))
    every_sentence_rests_on_the_record(body)
    assert not [leak for leak in LEAKS[:5] if leak in body["text"]]


def test_the_years_summary_names_what_went_wrong_and_what_comes_next(demo_folder: Path) -> None:
    body = json.loads(summary(demo_folder, "2023-01-01", "2023-12-31", "--format", "json"))
    problems = " ".join(f["text"] for f in body["findings"]["problems"])
    assert "逾期未整改" in problems and "验收退回整改" in problems and "反复出现" in problems
    assert "门前五包覆盖率低于5%的目标" in problems and "后进档次" in problems
    steps = body["findings"]["next_steps"]
    assert len(steps) >= 4 and all(s["provenance"] for s in steps)
    assessment = " ".join(f["text"] for f in body["findings"]["assessment"])
    assert "共12个月已结账排名" in assessment and "保洁员考核奖励发放表合计兑现" in assessment
    assert "补发或扣回" in assessment
    text = body["text"]
    assert "## 二、考核排名与报酬兑现" in text and "## 四、下一步打算" in text and "一是" in text
    assert "以及群和各种会议" not in text and "有焚烧垃圾现象" not in text


def test_a_period_before_any_record_and_an_empty_store_say_not_recorded(demo_folder: Path, empty_folder: Path) -> None:
    for folder, first, last in ((demo_folder, "2021-01-01", "2021-12-31"), (empty_folder, "2023-01-01", "2023-12-31")):
        body = json.loads(summary(folder, first, last, "--format", "json"))
        assert not any(f["recorded"] for f in body["figures"])
        assert body["findings"] == {"problems": [], "next_steps": [], "assessment": []}
        text = body["text"]
        assert "共清理残垣断壁（本期未录入）" in text and "残垣断壁0处" not in text
        assert "## 三、存在问题" not in text and "## 四、下一步打打算" not in text
        assert not [leak for leak in LEAKS if leak in text]


def test_the_word_summary_is_an_official_document_closed_by_the_office_and_date(
    demo_folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "summary.docx"
    summary(demo_folder, "2023-01-01", "2023-12-31", "--format", "docx", "--out", str(out),
            "--as-of", "2024-01-20T00:00:00+08:00")
    document = Document(io.BytesIO(out.read_bytes()))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.top_margin - Mm(37)) < Mm(1)
    assert document.paragraphs[0].style.name == "Title"
    texts = [p.text for p in document.paragraphs]
    signed = texts.index("东坪镇人民政府")
    assert texts[signed + 1] == "2024年1月20日"
    assert any(text.startswith("核验码：TZ1 ") for text in texts[signed + 2:])  # the printout's code after it
    assert "PAGE" in "".join(t.text for t in section.footer.paragraphs[0]._p.iter(qn("w:instrText")))
    assert not [leak for p in document.paragraphs for leak in LEAKS if leak in p.text]
