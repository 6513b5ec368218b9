"""The narrative is the township's; the figures are the record's, written as an office writes them."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from docx import Document

from domain.errors import InvalidInput
from domain.indicators import BY_CODE, CATALOGUE
from taizhang.summary.numbers import chinese_list, office_number
from taizhang.summary.render import Figure, SummaryFacts, fill, render_docx, render_json, render_markdown


def facts(**values: int) -> SummaryFacts:
    figures = {
        i.code: Figure(i.code, Decimal(values.get(i.code, 7)), office_number(Decimal(values.get(i.code, 7)), i))
        for i in CATALOGUE
    }
    names = {"clean_village_names": ["东沟村", "西河村"], "sewage_station_villages": ["南山村"]}
    return SummaryFacts("东风镇", date(2023, 1, 1), date(2023, 12, 31), None, figures, names)


def test_every_placeholder_is_filled_in_the_seed_structure() -> None:
    text = render_markdown(facts(sanitary_toilets_built=1740, aerial_points_fed_back=68))
    assert "{{" not in text and "XXX" not in text
    assert text.startswith("# 东风镇2023年全域无垃圾治理工作总结")
    assert "## 一、工作开展情况" in text and "## 三、存在问题" in text
    assert "## 二、考核排名与报酬兑现" not in text and "## 四、下一步打算" not in text  # nothing recorded to say
    assert "修建无害化卫生厕所1740座" in text
    assert "以创东沟村和西河村等7个“清洁村庄”" in text
    assert "截至2023年12月底" in text


def test_numbers_are_written_as_an_office_writes_them() -> None:
    assert office_number(Decimal("3520"), BY_CODE["labour_person_times"]) == "3520"
    assert office_number(Decimal("412.50"), BY_CODE["garbage_tonnes"]) == "412.5"
    assert office_number(Decimal("125000"), BY_CODE["residual_film_exchanged_kg"]) == "12.5"
    assert chinese_list(["甲村", "乙村", "丙村"]) == "甲村、乙村和丙村"


def test_the_word_document_has_a_title_headings_and_paragraphs() -> None:
    document = Document(io.BytesIO(render_docx(facts())))
    styles = [p.style.name for p in document.paragraphs]
    assert styles[0] == "Title" and styles.count("Heading 1") == 2  # 一 and 三: 二 and 四 have nothing to say
    assert any("完成整治航拍点" not in p.text and "航拍点7个" in p.text for p in document.paragraphs)


def test_the_json_names_each_figure_with_its_unit_and_origin() -> None:
    body = render_json(facts())
    aerial = next(f for f in body["figures"] if f["code"] == "aerial_points_rectified")
    assert aerial["origin"] == "ledger" and aerial["unit"] == "个"


def test_a_template_may_not_invent_a_figure() -> None:
    with pytest.raises(InvalidInput):
        fill("# 标题\n共清理{{made_up_figure}}处", facts())
