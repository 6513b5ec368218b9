"""The photo rules: the same picture re-encoded is reused evidence as the same file is; a photo taken days
away from its step, or far from its problem, is flagged with the numbers; photos without marks are left alone."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

import pytest

from domain.acts import Evidence, PhotoMarks
from domain.errors import InvalidInput
from domain.flags.evidence import same_pictures
from domain.flags.flag import FLAG_KIND_LABELS, FlagKind
from domain.flags.photos import distance_km
from domain.flags.thresholds import DEFAULT_THRESHOLDS, FlagThresholds
from tests.unit.flags.facts_builder import START, Log
from tests.unit.flags.test_rules import kinds, ordinary_year

PICTURE = 0x810312864D4DFBFF  # the pHash of a real 4000 × 3000 test photo; its re-encoding differed in 4 bits


def flipped(value: int, bits: int, start: int = 0) -> int:
    return value ^ sum(1 << (start + 9 * n) for n in range(bits))  # spread over the blocks the matcher looks at


def marks(sha: str, phash: int, **more: str) -> dict[str, str]:
    return {"sha256": sha, "phash": f"{phash:016x}", **more}


def registered(log: Log, pid: str, village: str, day: float, *photos: dict[str, str], **detail: object) -> None:
    log.add("Problem.Registered", pid, "office", day, village=village, evidence=[p["sha256"] for p in photos],
            photos=list(photos), **detail)


def rectified(log: Log, pid: str, cadre: str, day: float, *photos: dict[str, str]) -> None:
    log.add("Problem.RectificationReported", pid, cadre, day, evidence=[p["sha256"] for p in photos],
            photos=list(photos))


def test_the_same_picture_re_encoded_and_cited_by_two_problems_is_one_reused_photo_flag() -> None:
    log = Log()
    ordinary_year(log)
    rectified(log, "p3", "c3", 300, marks("small-copy", flipped(PICTURE, 5)))
    registered(log, "q", "v1", 301, marks("big-original", PICTURE))
    rectified(log, "q", "c1", 310, marks("another-copy", flipped(PICTURE, 2, start=1)))
    [flag] = kinds(log.as_facts())["reused_evidence"]
    assert flag.key == "reused_evidence:small-copy"  # the copy cited first names it
    assert "同一画面重新编码的 3 张照片" in flag.reason and "2 个不同问题引用，共 3 次" in flag.reason
    assert "感知哈希最多相差 7 位，阈值 6 位" in flag.reason
    assert flag.people == ("c1", "c3", "office") and flag.villages == ("v1", "v3")
    assert flag.label == "照片重复使用"


def test_a_re_encoded_before_photo_as_the_after_photo_is_flagged_with_its_distance() -> None:
    log = Log()
    registered(log, "p", "v1", 0, marks("before", PICTURE))
    rectified(log, "p", "c1", 4, marks("after", flipped(PICTURE, 3)))
    [flag] = kinds(log.as_facts())["reused_evidence"]
    assert "既作整改前的发现照片，又作整改后的照片" in flag.reason and "最多相差 3 位" in flag.reason
    assert flag.positions == (1, 2)


def test_pictures_further_apart_than_the_threshold_are_different_and_the_threshold_is_the_rule_books() -> None:
    log = Log()
    registered(log, "p", "v1", 0, marks("before", PICTURE))
    rectified(log, "p", "c1", 4, marks("after", flipped(PICTURE, 7)))
    assert "reused_evidence" not in kinds(log.as_facts())
    assert kinds(log.as_facts(), FlagThresholds(reencoded_max_bits=7))["reused_evidence"]
    with pytest.raises(InvalidInput, match="最多 32 位"):
        FlagThresholds(reencoded_max_bits=33)


def test_the_exact_copy_keeps_its_flag_key_and_is_not_flagged_twice() -> None:
    log = Log()
    registered(log, "a", "v1", 0, marks("same", PICTURE))
    registered(log, "b", "v2", 1, marks("same", PICTURE))
    [flag] = kinds(log.as_facts())["reused_evidence"]
    assert flag.key == "reused_evidence:same" and flag.reason.startswith("同一张照片（摘要 same…）")


def test_matching_by_blocks_finds_exactly_the_pairs_comparing_every_pair_finds() -> None:
    rng = random.Random(18)
    hashes = {f"s{n}": rng.getrandbits(64) for n in range(300)}
    for n in range(0, 60, 3):  # near copies at 0 … 9 bits of random positions
        hashes[f"copy{n}"] = hashes[f"s{n}"] ^ sum(1 << b for b in rng.sample(range(64), n % 10))
    digests = sorted(hashes)
    for bits in (0, 3, 6, 9):
        pairs = {(a, b) for a in digests for b in digests if a < b and (hashes[a] ^ hashes[b]).bit_count() <= bits}
        grouped = {(a, b) for g in same_pictures(digests, hashes, bits) for a in g for b in g if a < b}
        assert grouped == pairs, bits
    assert same_pictures(["x", "y"], {}, 6) == [["x"], ["y"]]  # files with no marks are pictures of their own


def test_a_photo_taken_days_before_the_rectification_it_shows_is_flagged() -> None:
    log = Log()
    ordinary_year(log)
    taken = (START + timedelta(days=40)).replace(tzinfo=None)  # EXIF without an offset: the township's time
    rectified(log, "p9", "c3", 50, marks("old-photo", PICTURE, taken_at=taken.isoformat()))
    rectified(log, "p10", "c4", 60, marks("fresh", PICTURE ^ ((1 << 64) - 1),
                                          taken_at=(START + timedelta(days=59)).isoformat()))
    [flag] = kinds(log.as_facts())["photo_time"]
    assert flag.key == "photo_time:p9:old-photo" and flag.people == ("c3",) and flag.villages == ("v3",)
    assert "整改报称发生于 2023-04-20 09:00，照片拍摄于 2023-04-10 09:00，相差 10.0 天" in flag.reason
    assert flag.label == FLAG_KIND_LABELS[FlagKind.PHOTO_TIME] == "照片拍摄时间与所报时间不符"
    assert "photo_time" not in kinds(log.as_facts(), FlagThresholds(photo_time_days=11))


def test_a_problem_fed_back_by_others_may_come_with_an_older_photo_but_not_a_later_one() -> None:
    log = Log()
    weeks_before = (START - timedelta(days=20)).isoformat()
    registered(log, "aerial", "v1", 0, marks("drone", PICTURE, taken_at=weeks_before), source="aerial_photo")
    registered(log, "patrol", "v2", 0, marks("own", PICTURE ^ 0xFFFF, taken_at=weeks_before), source="township_patrol")
    days_after = (START + timedelta(days=5)).isoformat()
    registered(log, "county", "v3", 0, marks("late", PICTURE ^ 0xFFFF_FFFF, taken_at=days_after),
               source="county_feedback")
    flags = {f.key.split(":")[1]: f for f in kinds(log.as_facts())["photo_time"]}
    assert set(flags) == {"patrol", "county"}
    assert "相差 20.0 天（照片早于所报时间）" in flags["patrol"].reason
    assert "相差 5.0 天（照片晚于所报时间）" in flags["county"].reason


def test_a_photo_taken_far_from_the_problems_recorded_place_is_flagged() -> None:
    log = Log()
    where = {"latitude": "34.500000", "longitude": "105.700000"}
    registered(log, "p", "v1", 0, marks("at-spot", PICTURE, latitude="34.501", longitude="105.701"), location=where)
    rectified(log, "p", "c1", 3, marks("elsewhere", PICTURE ^ 0xFFFF_FFFF, latitude="34.6", longitude="105.7"))
    registered(log, "unplaced", "v2", 4, marks("nowhere", 0x1234, latitude="30.0", longitude="100.0"))
    [flag] = kinds(log.as_facts())["photo_place"]
    assert flag.key == "photo_place:p:elsewhere" and flag.people == ("c1",) and flag.villages == ("v1",)
    assert "距问题登记的位置 34.500000,105.700000 11.1 公里（阈值 2 公里），用于整改" in flag.reason
    assert 11.1 < distance_km("34.5", "105.7", "34.6", "105.7") < 11.2


def test_a_reference_recorded_before_photos_were_marked_reads_as_before_and_a_marked_one_round_trips() -> None:
    old = {"sha256": "a" * 64, "name": "发现.jpg", "media_type": "image/jpeg"}
    assert Evidence.from_record(old).photo is None and Evidence.from_record(old).as_record() == old
    marked = PhotoMarks("810312864d4dfbff", "2023-02-27T10:15:00", Decimal("34.500000"), Decimal("105.720000"))
    record = Evidence("a" * 64, "发现.jpg", "image/jpeg", marked).as_record()
    assert record == {**old, "phash": "810312864d4dfbff", "taken_at": "2023-02-27T10:15:00",
                      "latitude": "34.500000", "longitude": "105.720000"}
    assert Evidence.from_record(record).photo == marked
    with pytest.raises(InvalidInput, match="感知哈希"):
        PhotoMarks("not-a-hash")
    assert DEFAULT_THRESHOLDS.reencoded_max_bits == 6 and DEFAULT_THRESHOLDS.photo_time_days == 3


def test_flat_pictures_hash_alike_but_are_not_taken_for_one_picture() -> None:
    log = Log()
    flat = 0x8000000000000000  # the pHash of any single-colour photo, whatever its colour
    registered(log, "p", "v1", 0, marks("red-wall", flat))
    rectified(log, "p", "c1", 4, marks("green-wall", flat))
    registered(log, "q", "v2", 5, marks("grey-sky", flat ^ 1))
    assert "reused_evidence" not in kinds(log.as_facts())


def test_a_rules_document_carries_the_photo_thresholds_into_the_rule_version() -> None:
    from domain.assessment.rules import RuleVersion
    from taizhang.demo.rulebook import RULES_2023
    from taizhang.documents.assessment import RuleVersionIn

    given = {"reencoded_max_bits": 4, "photo_time_days": 7, "photo_distance_km": "1.5"}
    record = {**RULES_2023.as_record(), "red_flags": given}
    version = RuleVersion.from_record(RuleVersionIn.model_validate(record).as_record())
    assert version.flag_thresholds == FlagThresholds(reencoded_max_bits=4, photo_time_days=7,
                                                     photo_distance_km=Decimal("1.5"))
    with pytest.raises(ValueError, match="less than or equal to 32"):
        RuleVersionIn.model_validate({**record, "red_flags": {"reencoded_max_bits": 40}})
