"""Accountability cases: the rule book's triggers fire on frozen months, overdue problems and confirmed flags; a
case goes from 立案 through 约谈, commitment and follow-up to 结案 by someone else, or is escalated."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain.acts import Act
from domain.assessment.values import Month
from domain.cases.case import AccountabilityCase, CaseStage, SameOpenerAndCloser
from domain.cases.triggers import CaseTriggers, TriggerKind, back_band_triggers, flag_triggers, overdue_triggers
from domain.errors import InvalidInput, StageNotAllowed
from domain.flags.flag import Flag, FlagKind, Review, Verdict
from domain.local_time import CHINA
from taizhang.holidays import published_calendar

START = datetime(2023, 10, 9, 9, 0, tzinfo=CHINA)


def act(actor: str, days: int = 0) -> Act:
    moment = START + timedelta(days=days)
    return Act(actor, moment, moment)


def standing(village: str, band: str) -> dict[str, str]:
    return {"village_id": village, "village_name": village, "band": band}


def test_a_village_in_the_back_band_two_months_of_a_quarter_fires_once() -> None:
    rankings = {
        Month(2023, 7): [standing("east", "后进"), standing("west", "达标")],
        Month(2023, 8): [standing("east", "达标"), standing("west", "后进")],
        Month(2023, 9): [standing("east", "后进"), standing("west", "达标")],
        Month(2023, 10): [standing("east", "后进")],
    }
    [fired] = back_band_triggers(rankings, CaseTriggers())
    assert fired.key == "back_band:2023Q3:east" and fired.day == date(2023, 9, 30)
    assert "7月、9月" in fired.reason and fired.cites == ("2023-07", "2023-09")
    assert back_band_triggers(rankings, CaseTriggers(back_band_months=3)) == []


def test_several_problems_long_overdue_in_one_village_fire() -> None:
    problems = [("p1", "east", date(2023, 9, 1)), ("p2", "east", date(2023, 9, 5)), ("p3", "east", date(2023, 9, 30)),
                ("p4", "west", date(2023, 8, 1))]
    limits = CaseTriggers(overdue_count=2, overdue_working_days=10)
    [fired] = overdue_triggers(problems, date(2023, 10, 9), limits, published_calendar())
    assert fired.village_id == "east" and fired.cites == ("p1", "p2") and fired.kind == TriggerKind.OVERDUE
    assert "10 个工作日以上" in fired.reason


def test_overdue_is_counted_in_working_days_of_the_township_calendar() -> None:
    """Deadline 2023-09-25: by 10-13 eighteen calendar days have passed, but the National Day holiday leaves 10
    working days (09-26..09-28, 10-07 and 10-08 made up, 10-09..10-13); the 11th is Monday 10-16."""
    problems = [(f"p{n}", "east", date(2023, 9, 25)) for n in range(3)]
    limits = CaseTriggers(overdue_count=3, overdue_working_days=10)
    assert overdue_triggers(problems, date(2023, 10, 13), limits, published_calendar()) == []
    assert overdue_triggers(problems, date(2023, 10, 15), limits, published_calendar()) == []
    [fired] = overdue_triggers(problems, date(2023, 10, 16), limits, published_calendar())
    assert fired.cites == ("p0", "p1", "p2")


def test_a_rule_version_recorded_with_overdue_days_still_loads() -> None:
    old = CaseTriggers.from_record({"overdue_count": "4", "overdue_days": "7"})
    assert old == CaseTriggers(overdue_count=4, overdue_working_days=7)
    assert CaseTriggers.from_record(old.as_record()) == old
    with pytest.raises(InvalidInput):
        CaseTriggers.from_record({"overdue_weeks": "2"})


def test_only_a_confirmed_flag_fires() -> None:
    flag = Flag("reused_evidence:x", FlagKind.REUSED_EVIDENCE, ("cadre",), ("east",), "同一张照片", (3, 4))
    assert flag_triggers([flag], date(2023, 10, 9), CaseTriggers()) == []
    confirmed = Flag(**{**flag.__dict__, "review": Review(Verdict.CONFIRMED, "属实", "insp", 9)})
    [fired] = flag_triggers([confirmed], date(2023, 10, 9), CaseTriggers())
    assert fired.people == ("cadre",) and fired.village_id == "east"
    assert flag_triggers([confirmed], date(2023, 10, 9), CaseTriggers(confirmed_flags=False)) == []


def opened() -> AccountabilityCase:
    return AccountabilityCase.open("back_band:2023Q3:east", "back_band", None, date(2023, 9, 30), "两个月后进",
                                   ["2023-07", "2023-09"],
                                   [{"person_id": "p", "name": "潘晓", "role": "village_secretary"}],
                                   act("inspector.a"))


def test_a_case_from_opening_to_closing_by_another_inspector() -> None:
    case = opened()
    case.hold_interview(date(2023, 10, 10), ["潘晓", "朱伟洋"], "约谈村支部书记，指出问题", [], act("office", 1))
    case.commit("十个工作日内清理全部积存垃圾", date(2023, 10, 24), act("office", 1))
    case.check_follow_up(True, "回访核查，已全部清理", act("office", 16))
    with pytest.raises(SameOpenerAndCloser):
        case.close("整改到位", act("inspector.a", 16))
    case.close("整改到位", act("inspector.b", 16))
    assert case.stage == CaseStage.CLOSED
    with pytest.raises(StageNotAllowed):
        case.escalate("notice_criticism", "x", act("inspector.b", 17))


def test_a_commitment_not_met_is_escalated_not_closed() -> None:
    case = opened()
    with pytest.raises(StageNotAllowed, match="不能登记整改承诺"):
        case.commit("清理", date(2023, 10, 24), act("office"))
    case.hold_interview(date(2023, 10, 9), ["潘晓"], "约谈", [], act("office"))
    case.commit("清理", date(2023, 10, 24), act("office"))
    case.check_follow_up(False, "回访发现仍有积存垃圾", act("office", 16))
    with pytest.raises(StageNotAllowed, match="升级处理"):
        case.close("x", act("inspector.b", 16))
    case.escalate("notice_criticism", "承诺未兑现", act("inspector.a", 17))
    case.escalate("county", "通报后仍未整改", act("inspector.a", 30))
    assert case.stage == CaseStage.ESCALATED and case.escalations == ["notice_criticism", "county"]
    with pytest.raises(StageNotAllowed, match="已移送县级问责"):
        case.escalate("county", "again", act("inspector.a", 31))


def test_a_case_needs_someone_who_held_the_posts_and_minutes_with_attendees() -> None:
    with pytest.raises(InvalidInput, match="没有人担任"):
        AccountabilityCase.open("k", "overdue", None, date(2023, 9, 30), "r", [], [], act("inspector.a"))
    case = opened()
    with pytest.raises(InvalidInput, match="参加约谈的人员"):
        case.hold_interview(date(2023, 10, 9), [" "], "约谈", [], act("office"))
    with pytest.raises(InvalidInput, match="约谈记录必须说明原因"):
        case.hold_interview(date(2023, 10, 9), ["潘晓"], "", [], act("office"))


def test_triggers_are_recorded_in_a_rule_version_and_read_back() -> None:
    from domain.assessment.rules import RuleVersion
    from taizhang.demo.rulebook import RULES_JULY_2023

    triggers = CaseTriggers(back_band_months=3, overdue_count=5, confirmed_flags=False)
    version = RuleVersion.from_record({**RULES_JULY_2023.as_record(), "accountability": triggers.as_record()})
    assert version.case_triggers == triggers
    assert RuleVersion.from_record(RULES_JULY_2023.as_record()).case_triggers == CaseTriggers()
