"""The quarterly bulletin carries its red and black list (红黑榜): the rule applied and the cases open at publication
are recorded with it, so the bulletin's digest covers the lists and it regenerates byte for byte; a bulletin
recorded before bulletins carried the list still regenerates as it was published; the list prints for posting in
Word and Excel."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from domain.assessment.bulletin import bulletin_sha256, render_bulletin
from domain.assessment.periods import QuarterBulletin
from domain.assessment.red_black import FrozenRedBlack
from domain.assessment.red_black_rule import RedBlackRule
from domain.assessment.values import Month, quarter_months
from domain.errors import AlreadyExists, InvalidInput
from taizhang.application import Taizhang
from taizhang.clock import SimulatedClock
from tests.assessment.legacy_events import record_as_first_version
from tests.assessment.rulebooks import rules_2023
from tests.assessment.township import Township, found, patrol, township


def closed_quarter(app: Taizhang, clock: SimulatedClock) -> tuple[Township, list[object]]:
    """East patrolled clean twice a month, west twice a month with two bins short: east first, west second."""
    t = township(app)
    clock.set(datetime(2023, 3, 25, tzinfo=UTC))
    ids = []
    for m in (1, 2, 3):
        for d in (6, 13):
            ids.append(patrol(app, t, date(2023, m, d)).id)
            patrol(app, t, date(2023, m, d + 1), t.west, False, found("bins", 2))
    clock.set(datetime(2023, 4, 2, tzinfo=UTC))
    for month in (1, 2, 3):
        app.close_month(Month(2023, month), "office")
    return t, ids


def test_the_bulletin_carries_its_lists_and_regenerates_byte_for_byte_after_later_cases_and_entries(
    app: Taizhang, clock: SimulatedClock
) -> None:
    _, ids = closed_quarter(app, clock)
    _, text = app.publish_bulletin(2023, 1, "office", {"西岭村": 2, "南湾村": 1})
    part = text.split("四、红黑榜\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert part == [
        "（按考核规则，红榜 3 个村，黑榜 3 个村，以本季度各月排名的平均名次为准；"
        "逾期问题为季末已结账月份所载，问责案件截至本通报发布时）",
        "（一）红榜",
        "  1. 东沟村 平均名次 1.00（排名月份 3 个）",
        "  2. 西岭村 平均名次 2.00（排名月份 3 个）",
        "（二）黑榜",
        "  无",  # both villages are on the red list: a village is never on both
        "（三）各村季末逾期问题与未结问责案件",
        "  南湾村 逾期问题 0 件，未结问责案件 1 件",
        "  西岭村 逾期问题 0 件，未结问责案件 2 件",
    ]
    bulletin = app.bulletin(2023, 1)
    assert bulletin is not None and bulletin.text_sha256 == bulletin_sha256(text)
    assert bulletin.red_black == {"red_count": 3, "black_count": 3, "open_cases": {"南湾村": 1, "西岭村": 2}}
    # Later: a patrol corrected, a village registered, a case more would be open — the bulletin does not move.
    app.correct_patrol(ids[0], [found("bins", 3)], "复核", "office")
    app.register_village("南湾村", "v03", "admin")
    regenerated = app.regenerate_bulletin(2023, 1)
    assert regenerated.encode("utf-8") == text.encode("utf-8")
    assert bulletin_sha256(regenerated) == bulletin.text_sha256
    # The same bulletin without its list has another digest: the digest covers the lists.
    facts = app.facts_as_of(bulletin.as_of_position)
    assert bulletin_sha256(render_bulletin(facts, 2023, 1)) != bulletin.text_sha256


def one_each(app: Taizhang, clock: SimulatedClock) -> None:
    """From March the rule book names one village on each list; east patrolled clean, west two bins short."""
    clock.set(datetime(2023, 1, 1, 2, tzinfo=UTC))
    t = township(app)
    app.adopt_rules(replace(rules_2023(), version_id="2023-03", effective_from=date(2023, 3, 1),
                            red_black=RedBlackRule(1, 1)), "office")
    clock.set(datetime(2023, 3, 25, tzinfo=UTC))
    for m in (1, 2, 3):
        for d in (6, 13):
            patrol(app, t, date(2023, m, d))
            patrol(app, t, date(2023, m, d + 1), t.west, False, found("bins", 2))


def test_the_black_list_names_the_bottom_villages_with_their_open_cases(app: Taizhang, clock: SimulatedClock) -> None:
    one_each(app, clock)
    clock.set(datetime(2023, 4, 2, tzinfo=UTC))
    for month in quarter_months(2023, 1):
        app.close_month(month, "office")
    _, text = app.publish_bulletin(2023, 1, "office", {"西岭村": 1})
    assert "（一）红榜\n  1. 东沟村 平均名次 1.00（排名月份 3 个）\n（二）黑榜\n" in text
    assert "  1. 西岭村 平均名次 2.00（排名月份 3 个），季末逾期问题 0 件，未结问责案件 1 件\n" in text
    assert "红榜 1 个村，黑榜 1 个村" in text  # the rule in force on the quarter's last day


def test_a_bulletin_recorded_before_bulletins_carried_the_list_regenerates_as_it_was(
    app: Taizhang, clock: SimulatedClock
) -> None:
    closed_quarter(app, clock)
    facts = app.facts_as_of()
    old_text = render_bulletin(facts, 2023, 1)  # what the bulletin said when it was published
    digests = {str(m): facts.closings[m].digest for m in quarter_months(2023, 1)}
    record_as_first_version(app, QuarterBulletin.publish(2023, 1, facts.position, bulletin_sha256(old_text), digests,
                                                         None, app.act("office")))
    bulletin = app.bulletin(2023, 1)
    assert bulletin is not None and bulletin.red_black is None
    regenerated = app.regenerate_bulletin(2023, 1)
    assert regenerated.encode("utf-8") == old_text.encode("utf-8") and "红黑榜" not in regenerated
    assert bulletin_sha256(regenerated) == bulletin.text_sha256
    assert app.bulletin_red_black(2023, 1) is None
    # Its list can still be published beside it, as before; a bulletin that carries one refuses a second.
    _, beside = app.publish_red_black_list(2023, 1, {"西岭村": 1}, "office")
    assert app.posted_red_black(2023, 1).text == beside and not app.posted_red_black(2023, 1).in_bulletin


def test_a_bulletin_that_carries_its_list_refuses_another_beside_it(app: Taizhang, clock: SimulatedClock) -> None:
    closed_quarter(app, clock)
    app.publish_bulletin(2023, 1, "office", {})
    with pytest.raises(AlreadyExists) as refused:
        app.publish_red_black_list(2023, 1, {"西岭村": 1}, "office")
    assert "已载有红黑榜" in refused.value.message


def test_a_frozen_list_with_a_negative_count_of_cases_is_refused() -> None:
    with pytest.raises(InvalidInput):
        FrozenRedBlack.from_record({"red_count": 1, "black_count": 1, "open_cases": {"西岭村": -1}})
    frozen = FrozenRedBlack.from_record({"red_count": 2, "black_count": 1, "open_cases": {"西岭村": 1}})
    assert FrozenRedBlack.from_record(frozen.as_record()) == frozen


def test_the_list_prints_for_posting_in_word_and_excel(app: Taizhang, clock: SimulatedClock) -> None:
    one_each(app, clock)
    clock.set(datetime(2023, 4, 2, 3, tzinfo=UTC))
    for month in quarter_months(2023, 1):
        app.close_month(month, "office")
    app.publish_bulletin(2023, 1, "office", {"西岭村": 1})

    word = Document(io.BytesIO(app.export_red_black_docx(2023, 1)))
    texts = [p.text for p in word.paragraphs]
    assert texts[0] == "示例镇全域无垃圾治理2023年第一季度红黑榜" and word.paragraphs[0].style.name == "Title"
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["一、红榜", "二、黑榜", "三、各村季末逾期问题与未结问责案件"]
    red, black, counts = ([[c.text for c in row.cells] for row in table.rows] for table in word.tables)
    assert red == [["名次", "村", "平均名次", "排名月份（个）"], ["1", "东沟村", "1.00", "3"]]
    assert black == [["名次", "村", "平均名次", "排名月份（个）", "季末逾期问题（件）", "未结问责案件（件）"],
                     ["1", "西岭村", "2.00", "3", "0", "1"]]
    assert counts == [["村", "季末逾期问题（件）", "未结问责案件（件）"], ["西岭村", "0", "1"]]
    assert texts[-2:] == ["示例镇环境治理办公室", "2023年4月2日"]  # 落款: the office and the day of publication
    section = word.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28  # GB/T 9704
    assert word.styles["Normal"].font.name == "仿宋" and word.styles["Normal"].font.size.pt == 16

    book = load_workbook(io.BytesIO(app.export_red_black_xlsx(2023, 1)))
    assert book.sheetnames == ["红黑榜", "各村逾期与问责"]
    sheet = book["红黑榜"]
    assert sheet["A1"].value == "示例镇全域无垃圾治理2023年第一季度红黑榜"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3, max_row=5)]
    assert rows == [["榜别", "名次", "村", "平均名次", "排名月份（个）", "季末逾期问题（件）", "未结问责案件（件）"],
                    ["红榜", 1, "东沟村", 1.0, 3, 0, 0], ["黑榜", 1, "西岭村", 2.0, 3, 0, 1]]
    assert sheet.auto_filter.ref == "A3:G5" and sheet["A7"].value == "示例镇环境治理办公室　　2023年4月2日"
    counts_sheet = book["各村逾期与问责"]
    assert [c.value for c in counts_sheet[4]] == ["西岭村", 0, 1]


def test_a_bulletin_with_a_negative_count_of_open_cases_is_refused_and_nothing_is_written(
    app: Taizhang, clock: SimulatedClock
) -> None:
    closed_quarter(app, clock)
    head = app.recorder.max_notification_id()
    with pytest.raises(InvalidInput) as refused:
        app.publish_bulletin(2023, 1, "office", {"西岭村": -1})
    assert "未结问责案件数" in refused.value.message and app.recorder.max_notification_id() == head
    assert app.bulletin(2023, 1) is None


def test_the_bulletin_in_word_sets_the_list_as_its_fourth_part_with_three_headings(
    app: Taizhang, clock: SimulatedClock
) -> None:
    closed_quarter(app, clock)
    app.publish_bulletin(2023, 1, "office", {"西岭村": 1})
    word = Document(io.BytesIO(app.export_bulletin(2023, 1)))
    levels = [(p.style.name, p.text) for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert levels[-4:] == [("Heading 1", "四、红黑榜"), ("Heading 2", "（一）红榜"), ("Heading 2", "（二）黑榜"),
                           ("Heading 2", "（三）各村季末逾期问题与未结问责案件")]
    months = [p.text for p in word.paragraphs if p.text.startswith("（2023-")]
    assert len(months) == 6 and all(p.style.name == "Normal" for p in word.paragraphs if p.text in months)
