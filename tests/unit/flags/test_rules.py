"""Each red-flag rule finds its pattern, says why in numbers, names the events, and stays quiet on ordinary work."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.flags.facts import FlagFacts
from domain.flags.flag import FlagKind
from domain.flags.raising import raise_flags
from domain.flags.thresholds import DEFAULT_THRESHOLDS, FlagThresholds
from tests.unit.flags.facts_builder import Log

CADRES = ["c1", "c2", "c3", "c4", "c5", "c6"]
OFFICE = ["o1", "o2", "o3"]


def ordinary_year(log: Log, problems: int = 120) -> None:
    """Problems in six villages, each cadre's rectifications verified by whoever of the office came next."""
    for n in range(problems):
        pid, village = f"p{n}", f"v{n % 6}"
        log.problem(pid, village, n * 2, photos=(f"before-{n}",))
        log.rectified(pid, CADRES[n % 6], OFFICE[(n // 6) % 3], n * 2 + 3, photos=(f"after-{n}",))
        log.add("Problem.Closed", pid, OFFICE[n % 3], n * 2 + 4, deadline="2024-01-01", on_time=True)


def kinds(facts: FlagFacts, limits: FlagThresholds = DEFAULT_THRESHOLDS) -> dict[str, list]:
    found: dict[str, list] = {}
    for f in raise_flags(facts, date(2023, 12, 31), limits):
        found.setdefault(f.kind.value, []).append(f)
    return found


def test_an_ordinary_year_raises_no_flag() -> None:
    log = Log()
    ordinary_year(log)
    assert kinds(log.as_facts()) == {}


def test_a_cadre_who_enters_rectifications_weeks_late_is_named_with_the_late_steps() -> None:
    log = Log()
    ordinary_year(log)
    late = []
    for n in range(6, 120, 12):
        pid = f"late{n}"
        log.problem(pid, "v9", n * 2 + 1)
        log.rectified(pid, "c9", OFFICE[n % 3], n * 2 + 2, late_days=21)
        late.append(log.facts[-2].position)
    flags = kinds(log.as_facts())
    [person] = [f for f in flags["late_entry"] if f.key == "late_entry:person:c9"]
    assert set(late) == set(person.positions)
    assert "发生 7 天以后才录入" in person.reason and "最长迟录 21 天" in person.reason
    assert any(f.villages == ("v9",) for f in flags["late_entry"])


def test_a_step_dated_before_its_predecessor_was_recorded_is_backdated() -> None:
    log = Log()
    log.problem("p", "v1", 0)
    log.add("Problem.Assigned", "p", "o1", 1, late_days=12)
    log.add("Problem.RectificationReported", "p", "c1", 3, late_days=10.5, evidence=["x"])
    [flag] = kinds(log.as_facts())["backdated"]
    assert flag.people == ("c1",) and flag.villages == ("v1",)
    assert "提前 10.0 天" in flag.reason
    assert flag.positions == (3, 4)


def test_a_photo_cited_by_two_problems_or_before_and_after_is_reused() -> None:
    log = Log()
    log.problem("a", "v1", 0, photos=("same",))
    log.rectified("a", "c1", "o1", 2, photos=("after-a",))
    log.problem("b", "v2", 5, photos=("b-before",))
    log.rectified("b", "c2", "o1", 7, photos=("after-a",))
    log.problem("c", "v3", 9, photos=("c-before",))
    log.rectified("c", "c3", "o2", 11, photos=("c-before",))
    flags = {f.key.split(":")[1]: f for f in kinds(log.as_facts())["reused_evidence"]}
    assert "2 个不同问题引用" in flags["after-a"].reason and flags["after-a"].villages == ("v1", "v2")
    assert "既作整改前的发现照片，又作整改后的照片" in flags["c-before"].reason
    assert set(flags) == {"after-a", "c-before"}


def test_a_verifier_who_clears_one_cadre_far_more_than_chance_makes_a_pair() -> None:
    log = Log()
    ordinary_year(log)
    for n in range(10):
        pid = f"pair{n}"
        log.problem(pid, "v7", n * 20 + 1)
        log.rectified(pid, "c7", "o2", n * 20 + 3)
    [pair] = kinds(log.as_facts())["reciprocal_pair"]
    assert pair.people == ("c7", "o2")
    assert "前者上报的 10 次整改中有 10 次由后者验收" in pair.reason
    assert len(pair.positions) == 20


def test_repeated_extensions_and_reopenings_and_a_village_sent_back_again_and_again() -> None:
    log = Log()
    ordinary_year(log)
    for n in range(3):
        log.add("Problem.DeadlineExtended", "p1", "o1", 10 + n, deadline=f"2023-0{4 + n}-01")
    for n in range(6):
        pid = f"back{n}"
        log.problem(pid, "v8", n * 3)
        log.rectified(pid, "c8", OFFICE[n % 3], n * 3 + 1, passed=False)
    found = kinds(log.as_facts())
    [extended] = found["repeated_extensions"]
    assert extended.key == "repeated_extensions:p1" and "延期 3 次（规则上限 2 次）" in extended.reason
    [village] = found["sent_back_village"]
    assert village.villages == ("v8",) and "共退回 6 次" in village.reason


def test_an_inspector_who_never_deducts_while_others_find_problems() -> None:
    log = Log()
    for n in range(14):
        log.add("DailyPatrol.Recorded", f"patrol{n}", "i1", n * 9, village="v1", day=f"2023-{3 + n * 9 // 30:02d}-01",
                inspector="quiet", cleaner=f"cleaner{n % 2}", findings=0)
    for n in range(4):
        log.problem(f"sat{n}", "v1", n * 25, source="satellite")
    flags = kinds(log.as_facts())["silent_patrol"]
    assert [f.people for f in flags if "inspector" in f.key] == [("person:quiet",)]
    log.add("DailyPatrol.Corrected", "patrol3", "i1", 40, findings=1)
    assert "silent_patrol" not in kinds(log.as_facts()) or all(
        "inspector" not in f.key for f in kinds(log.as_facts())["silent_patrol"])


def test_bunching_before_a_closing_compares_with_the_persons_usual_rate() -> None:
    log = Log()
    for n in range(60):
        log.problem(f"p{n}", "v1", n * 3, registrar="o1")
    for n in range(12):
        log.add("Problem.Registered", f"rush{n}", "o1", 200 + n * 0.1, late_days=1.5, village="v2")
    log.add("MonthClosing.Closed", "m", "o2", 202.5, late_days=0, month="2023-09")
    [flag] = kinds(log.as_facts())["bunching"]
    assert flag.people == ("o1",) and "月度结账前 3 天内录入" in flag.reason


def test_the_thresholds_come_from_the_rule_version_in_force() -> None:
    log = Log()
    for n in range(3):
        log.add("Problem.DeadlineExtended", "p1", "o1", n)
    record = {"effective_from": "2023-07-01", "red_flags": FlagThresholds(max_extensions=5).as_record()}
    assert FlagKind.REPEATED_EXTENSIONS in {f.kind for f in raise_flags(log.as_facts(), date(2023, 8, 1))}
    log.add("RuleBook.VersionAdopted", "book", "o1", 100, **record)
    facts = log.as_facts()
    assert facts.thresholds_on(date(2023, 6, 30)) == DEFAULT_THRESHOLDS
    assert facts.thresholds_on(date(2023, 7, 1)).max_extensions == 5
    assert not raise_flags(facts, date(2023, 8, 1))
    assert raise_flags(facts, date(2023, 6, 1))


def test_thresholds_are_recorded_and_read_back_exactly_and_refuse_nonsense() -> None:
    import pytest

    from domain.errors import InvalidInput

    limits = FlagThresholds(chance_percent=Decimal("0.5"), bunching_days=2)
    assert FlagThresholds.from_record(limits.as_record()) == limits
    with pytest.raises(InvalidInput, match="未知的疑点阈值"):
        FlagThresholds.from_record({"nonsense": "1"})
    with pytest.raises(InvalidInput, match="不能为负数"):
        FlagThresholds(max_extensions=-1)


def test_a_review_marks_the_flag_from_its_position_on() -> None:
    log = Log()
    for n in range(3):
        log.add("Problem.DeadlineExtended", "p1", "o1", n)
    before = log.as_facts()
    log.add("FlagReview.Reviewed", "r", "insp", 5, flag_key="repeated_extensions:p1", verdict="dismissed",
            reason="县里统一要求延期")
    [flag] = raise_flags(log.as_facts(), date(2023, 8, 1))
    assert flag.status == "dismissed" and flag.review is not None and flag.review.reason == "县里统一要求延期"
    [earlier] = raise_flags(before, date(2023, 8, 1))
    assert earlier.status == "open"


def test_a_rules_document_carries_the_thresholds_into_the_rule_version() -> None:
    from domain.assessment.rules import RuleVersion
    from taizhang.demo.rulebook import RULES_2023
    from taizhang.documents.assessment import RuleVersionIn

    record = {**RULES_2023.as_record(), "red_flags": {"max_extensions": 4, "chance_percent": "0.5"}}
    version = RuleVersion.from_record(RuleVersionIn.model_validate(record).as_record())
    assert version.flag_thresholds == FlagThresholds(max_extensions=4, chance_percent=Decimal("0.5"))
    assert RuleVersion.from_record(RULES_2023.as_record()).flag_thresholds == DEFAULT_THRESHOLDS
    assert "red_flags" not in RULES_2023.as_record()  # a version adopted before thresholds keeps its recorded form
