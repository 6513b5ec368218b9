"""The demo year is an assessed year: ranked months under two rule versions, pay approved and paid, a retro
adjustment, bulletins that regenerate byte for byte, letters, rewarded reports and a frozen year-end."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from domain.assessment.bulletin import bulletin_sha256
from domain.assessment.letters import LetterKind, ResponsibilityLetter
from domain.assessment.patrol import DailyPatrol
from domain.assessment.paysheet import SheetKind, SheetStatus
from domain.assessment.reports import PublicReport, ReportStage
from domain.assessment.values import Month
from domain.organisation import Village
from domain.vocabulary import Role
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.cli.rules import rule_version
from taizhang.demo.assessment import LATE_CORRECTION, UNDER_PATROLLED
from taizhang.demo.loader import load_demo
from taizhang.demo.rulebook import RULES_2023
from taizhang.demo.township import VILLAGES
from taizhang.settings import Settings
from tests.demo.ledger_fold import stored_events

YEAR = [Month(2023, m) for m in range(1, 13)]
EXAMPLE_RULES = Path(__file__).parents[2] / "docs" / "examples" / "rules-2023.yaml"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo")
    load_demo(Settings(store="sqlite", data_dir=data))
    return data


@pytest.fixture(scope="module")
def app(data_dir: Path) -> Iterator[Taizhang]:
    app = build_app(Settings(store="sqlite", data_dir=data_dir))
    try:
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def events(app: Taizhang) -> list:
    return stored_events(app)


def rankings(data_dir: Path, month: str) -> dict:
    result = CliRunner().invoke(cli, ["rankings", month, "--json", "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_every_month_is_closed_under_the_rules_in_force_january_the_example_and_july_the_revision(
    app: Taizhang,
) -> None:
    assert rule_version(EXAMPLE_RULES) == RULES_2023
    closings = {month: app.month_closing(month) for month in YEAR}
    assert all(closing is not None for closing in closings.values())
    versions = {month: closing.rule_version_id for month, closing in closings.items()}  # type: ignore[union-attr]
    assert versions == {month: "2023-01" if month.month < 7 else "2023-07" for month in YEAR}
    # Each closing was recorded after its month was over (on the simulated clock).
    for month, closing in closings.items():
        assert closing.created_on.date() > month.last_day  # type: ignore[union-attr]


def test_the_command_lines_rankings_of_a_month_come_out_ranked_frozen_with_their_rule_version(data_dir: Path) -> None:
    march = rankings(data_dir, "2023-03")
    assert march["frozen"] is True and march["rule_version_id"] == "2023-01"
    assert len(march["rows"]) == 24 and all(row["rank"] for row in march["rows"])
    ranks = [row["rank"] for row in march["rows"]]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert any(row["band"] == "先进" for row in march["rows"])
    assert len({row["coverage_percent"] for row in march["rows"]}) > 3, "门前五包 coverage differs between villages"


def test_a_village_patrolled_once_in_august_is_listed_but_not_ranked(data_dir: Path) -> None:
    code, month = UNDER_PATROLLED
    august = rankings(data_dir, str(month))
    assert august["rule_version_id"] == "2023-07"
    (row,) = [r for r in august["rows"] if r["village_name"] == dict(VILLAGES)[code]]
    assert row["rank"] is None and row["cases"] == 1 and row["note"]
    assert sum(1 for r in august["rows"] if r["rank"] is not None) == 23
    assert {r["band"] for r in august["rows"] if r["rank"]} == {"先进", "达标", "后进"}


def test_every_pay_sheet_is_drafted_approved_by_someone_else_and_paid(app: Taizhang, events: list) -> None:
    paid = [e for e in events if type(e).__qualname__ == "PaySheet.Paid"]
    assert len(paid) == 24
    for kind in SheetKind:
        for month in YEAR:
            sheet = app.pay_sheet(kind, month)
            assert sheet is not None and sheet.status == SheetStatus.PAID
            assert sheet.approver not in sheet.drafters and sheet.lines
            assert sheet.rule_version_id == app.month_closing(month).rule_version_id  # type: ignore[union-attr]


def test_a_march_patrol_corrected_after_approval_is_paid_back_in_april_and_march_still_regenerates(
    app: Taizhang, events: list
) -> None:
    approved = next(e for e in events if type(e).__qualname__ == "PaySheet.Approved"
                    and e.originator_id == app.pay_sheet(SheetKind.CLEANER_BONUS, LATE_CORRECTION).id)  # type: ignore[union-attr]
    (correction,) = [(position, e) for position, e in enumerate(events, start=1)
                     if isinstance(e, DailyPatrol.Corrected) and e.timestamp > approved.timestamp
                     and Month.of(app.patrol(e.originator_id).day) == LATE_CORRECTION]
    position, corrected = correction
    april = app.pay_sheet(SheetKind.CLEANER_BONUS, LATE_CORRECTION.next())
    (adjustment,) = [line for line in april.lines if line.is_adjustment]  # type: ignore[union-attr]
    assert adjustment.for_month == str(LATE_CORRECTION) and adjustment.amount > 0
    assert [(c.position, c.aggregate_id, c.version) for c in adjustment.causes] == [
        (position, corrected.originator_id, corrected.originator_version)]
    march = app.pay_sheet(SheetKind.CLEANER_BONUS, LATE_CORRECTION)
    assert app.regenerate_pay_sheet(SheetKind.CLEANER_BONUS, LATE_CORRECTION) == march.lines  # type: ignore[union-attr]
    # The only adjustment of the year: no other sheet carries one.
    others = [line for kind in SheetKind for month in YEAR if (kind, month) != (SheetKind.CLEANER_BONUS, april.month)
              for line in app.pay_sheet(kind, month).lines if line.is_adjustment]  # type: ignore[union-attr]
    assert others == []


def test_each_quarters_bulletin_regenerates_byte_for_byte(app: Taizhang) -> None:
    for quarter in (1, 2, 3, 4):
        bulletin = app.bulletin(2023, quarter)
        assert bulletin is not None
        text = app.regenerate_bulletin(2023, quarter)
        assert bulletin_sha256(text) == bulletin.text_sha256 and "东坪镇" in text


def test_the_frozen_year_end_lists_the_contact_cadre_who_moved_on_both_villages(app: Taizhang) -> None:
    record = app.year_end_record(2023)
    assert record is not None and record.created_on.date() > date(2023, 12, 31)
    assessments = app.regenerate_year_end(2023)
    assert [a.as_record() for a in assessments] == record.assessments
    shiqiao, hongxing = Village.id_for("shiqiao"), Village.id_for("hongxing")
    moved = [a for a in assessments if a.role == Role.VILLAGE_CONTACT_CADRE
             and {e.village_id for e in a.entries} >= {shiqiao, hongxing}]
    assert len(moved) == 2  # the two cadres swapped these villages on 1 July
    for cadre in moved:
        months_on = {v: {e.month.month for e in cadre.entries if e.village_id == v} for v in (shiqiao, hongxing)}
        assert sorted(months_on.values(), key=min) == [set(range(1, 7)), set(range(7, 13))]
        assert cadre.rule_version_ids == ("2023-01", "2023-07") and not cadre.months_not_closed
    leader = [a for a in assessments if a.role == Role.LEADER_IN_CHARGE]
    assert len(leader) == 1 and len(leader[0].entries) == 12 * 24


def test_letters_are_signed_renewed_and_revoked_and_rewards_paid_or_refused(app: Taizhang, events: list) -> None:
    letters = [app.letter(e.originator_id) for e in events if isinstance(e, ResponsibilityLetter.Drafted)]
    targets = [x for x in letters if x.kind == LetterKind.TARGET]
    assert len(targets) == 24 and all(len(x.signatures) == 2 for x in targets)
    households = [x for x in letters if x.kind == LetterKind.FIVE_GUARANTEES]
    assert sum(1 for x in households if x.revoked_on) == 1
    assert sum(1 for x in households if len(x.signed_terms) == 2) == 1
    signed, counted, _ = app.letters_coverage(Village.id_for("donggou"), date(2023, 12, 31))
    assert counted and 0 <= signed < counted
    reports = [app.public_report(e.originator_id) for e in events if isinstance(e, PublicReport.Submitted)]
    assert sorted(r.stage for r in reports) == sorted([ReportStage.PAID] * 3 + [ReportStage.REJECTED])
    assert all(r.problem_id is not None for r in reports if r.stage == ReportStage.PAID)
