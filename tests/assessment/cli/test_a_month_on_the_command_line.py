"""A month through the command line, on SQLite and PostgreSQL: rules adopted, patrols recorded, the month
closed, rankings and ratings printed, the cleaners' sheet drafted and approved, a late correction adjusted
in the next month while the approved sheet stays as it was; a month not over refused with nothing written."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from domain.local_time import CHINA
from taizhang.application import Taizhang
from taizhang.settings import Settings
from tests.assessment.cli.desk import Desk, small_township
from tests.assessment.rulebooks import rules_2023

EXAMPLE_RULES = Path(__file__).parents[3] / "docs" / "examples" / "rules-2023.yaml"


@pytest.fixture
def desk(app: Taizhang, settings: Settings, tmp_path: Path) -> Iterator[Desk]:
    small_township(app)
    yield Desk(settings, tmp_path)


def facts_of(provenance: dict) -> set[tuple[str, int]]:
    return {(aggregate_id, version) for _, aggregate_id, version in provenance["facts"]}


def test_a_month_scored_closed_paid_and_corrected_late(desk: Desk, app: Taizhang) -> None:
    desk.ok("rules", "adopt", str(EXAMPLE_RULES), "--actor", "office")
    assert app.rule_book().versions[0] == rules_2023()  # the shipped example is 2023's rules, field for field

    photo = desk.photo()
    first = desk.record("patrols", "record", "--day", "2023-03-06", "--village", "v01", "--group", "一组",
                        "--cleaner", "李娟", "--inspector", "周巡查", "--finding", "piles=1",
                        "--evidence", f"piles={photo}", "--note", "piles=门前柴堆", "--actor", "inspector")
    second = desk.record("patrols", "record", "--day", "2023-03-13", "--village", "v01", "--cleaner", "李娟",
                         "--inspector", "周巡查", "--actor", "inspector")
    stored = app.patrol(uuid.UUID(first)).findings[0]
    assert stored.item == "piles" and stored.count == 1 and stored.note == "门前柴堆"
    assert (
        stored.evidence[0]["name"] == "gate.jpg"
        and (desk.folder / "evidence" / stored.evidence[0]["sha256"][:2]).is_dir()
    )

    provisional = desk.json("ratings", "2023-03")
    assert not provisional["frozen"] and provisional["rule_version_id"] == "2023-01"
    [rating] = provisional["rows"]
    assert (rating["cleaner"], rating["score"], rating["grade"], rating["patrols"]) == ("李娟", "95.00", "优秀", 2)
    assert {(first, 1), (second, 1)} <= facts_of(rating["provenance"])
    before_closing = desk.head()

    refused = desk.run("months", "close", "2100-12", "--actor", "office")
    assert refused.exit_code == 2 and "2100-12 还没有结束，不能结账" in refused.stderr and refused.stdout == ""
    assert desk.head() == before_closing

    assert "2023-03 已结账" in desk.ok("months", "close", "2023-03", "--actor", "office")
    ranked = desk.json("rankings", "2023-03")
    assert ranked["frozen"] and ranked["digest"] == app.require_closing(Month(2023, 3)).digest
    assert {r["village_name"]: r["rank"] for r in ranked["rows"]} == {"东沟村": 1, "西岭村": None}
    then = desk.json("ratings", "2023-03", "--as-of", str(before_closing))
    assert not then["frozen"] and then["as_of"]["position"] == before_closing

    desk.ok("pay-sheets", "draft", "cleaner_bonus", "2023-03", "--actor", "clerk")
    self_approval = desk.run("pay-sheets", "approve", "cleaner_bonus", "2023-03", "--actor", "clerk")
    assert self_approval.exit_code == 2 and "制表人不能审批自己编制的发放表" in self_approval.stderr
    desk.ok("pay-sheets", "approve", "cleaner_bonus", "2023-03", "--actor", "director")
    approved = desk.head()
    march_sheet = desk.json("pay-sheet", "cleaner_bonus", "2023-03")
    assert march_sheet["status"] == "approved" and [r["amount"] for r in march_sheet["rows"]] == ["300.00"]

    # Weeks later the photos show three piles, not one: the patrol is corrected in a closed, approved month.
    before_correction = desk.head()
    desk.ok("patrols", "correct", first, "--finding", "piles=3", "--evidence", f"piles={stored.evidence[0]['sha256']}",
            "--reason", "复核照片：门前柴堆共三处", "--expected-version", "1", "--actor", "inspector")
    assert desk.json("ratings", "2023-03")["rows"][0]["score"] == "95.00"  # frozen at its closing

    desk.record("patrols", "record", "--day", "2023-04-10", "--village", "v01", "--cleaner", "李娟",
                "--inspector", "周巡查", "--actor", "inspector")
    desk.ok("months", "close", "2023-04", "--actor", "office")
    adjusted = desk.json("adjustments", "cleaner_bonus", "2023-04")
    [line] = adjusted["rows"]
    assert (line["person"], line["for_month"], line["amount"]) == ("李娟", "2023-03", "-100.00")
    assert (first, 2) in facts_of(line["provenance"]) and line["adjusts_sheet"] == march_sheet_id(app)
    assert desk.json("adjustments", "cleaner_bonus", "2023-04", "--as-of", str(before_correction))["rows"] == []

    desk.ok("pay-sheets", "draft", "cleaner_bonus", "2023-04", "--actor", "clerk")
    april_sheet = desk.json("pay-sheet", "cleaner_bonus", "2023-04")
    assert april_sheet["status"] == "draft" and april_sheet["total"] == "200.00"
    assert sorted((r["for_month"], r["amount"]) for r in april_sheet["rows"]) == [
        ("2023-03", "-100.00"),
        ("2023-04", "300.00"),
    ]
    assert [r["amount"] for r in desk.json("pay-sheet", "cleaner_bonus", "2023-03")["rows"]] == ["300.00"]

    # Paid; its workbook as of the approval shows it approved, not yet paid.
    desk.ok("pay-sheets", "mark-paid", "cleaner_bonus", "2023-03", "--reference", "代发批次-0405",
            "--paid-on", datetime.now(CHINA).date().isoformat(), "--actor", "clerk")  # the command acts now
    now, then = desk.folder / "now.xlsx", desk.folder / "then.xlsx"
    desk.ok("pay-sheet", "cleaner_bonus", "2023-03", "--xlsx", str(now))
    desk.ok("pay-sheet", "cleaner_bonus", "2023-03", "--xlsx", str(then), "--as-of", str(approved))
    assert "代发批次-0405" in cells(now) and "代发批次-0405" not in cells(then)


def cells(path: Path) -> str:
    from openpyxl import load_workbook

    book = load_workbook(path)
    return " ".join(str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value)


def march_sheet_id(app: Taizhang) -> str:
    sheet = app.pay_sheet(SheetKind.CLEANER_BONUS, Month(2023, 3))
    assert sheet is not None
    return str(sheet.id)
