"""``taizhang summary`` writes the demo year's summary as Markdown, a real Word document and JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document
from typer.testing import CliRunner

from taizhang.cli.root import cli
from taizhang.demo.loader import load_demo
from taizhang.settings import Settings


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo")
    load_demo(Settings(store="sqlite", data_dir=data))
    return data


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_markdown_has_every_figure_filled(demo_dir: Path) -> None:
    text = run("summary", "--from", "2023-01-01", "--to", "2023-12-31", "--data", str(demo_dir))
    assert text.startswith("# 东坪镇2023年全域无垃圾治理工作总结")
    assert "XXX" not in text and "{{" not in text and "共清理残垣断壁64处" in text


def test_word_document_opens_with_its_headings(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.docx"
    run("summary", "--from", "2023-01-01", "--to", "2023-06-30", "--as-of", "2023-07-01T00:00+08:00",
        "--format", "docx", "--out", str(out), "--data", str(demo_dir))
    document = Document(io.BytesIO(out.read_bytes()))
    assert document.paragraphs[0].text == "东坪镇2023年上半年全域无垃圾治理工作总结"
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [
        "一、工作开展情况", "二、考核排名与报酬兑现", "三、存在问题", "四、下一步打算"]


def test_json_gives_each_figure_with_its_provenance(demo_dir: Path) -> None:
    body = json.loads(run("summary", "--from", "2023-01-01", "--to", "2023-12-31", "--format", "json",
                          "--data", str(demo_dir)))
    toilets = next(f for f in body["figures"] if f["code"] == "sanitary_toilets_built")
    assert toilets["text"] == "1740" and toilets["provenance"][0]["events"]


def test_the_townships_own_template_is_used_but_cannot_invent_figures(demo_dir: Path, tmp_path: Path) -> None:
    template = tmp_path / "t.md"
    template.write_text("# {{township}}简报\n\n共修建卫生厕所{{sanitary_toilets_built}}座。", encoding="utf-8")
    text = run("summary", "--from", "2023-01-01", "--to", "2023-12-31", "--template", str(template),
               "--data", str(demo_dir))
    assert "共修建卫生厕所1740座。" in text
    template.write_text("# 简报\n{{invented}}", encoding="utf-8")
    result = CliRunner().invoke(cli, ["summary", "--from", "2023-01-01", "--to", "2023-12-31", "--template",
                                      str(template), "--data", str(demo_dir)])
    assert result.exit_code == 2 and "invented" in result.output
