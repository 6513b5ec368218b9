"""Photos that contradict their step: taken (EXIF) days away from when the step says it happened, or far from where
the problem was recorded to be (EXIF GPS against the problem's location, where the record has one)."""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import datetime
from decimal import Decimal

from domain.flags.facts import Fact, FlagFacts, positions
from domain.flags.flag import Flag, FlagKind
from domain.flags.thresholds import FlagThresholds
from domain.local_time import CHINA

_STAGE = {"Problem.Registered": "发现", "Problem.RectificationReported": "整改"}
# Problems fed back by others come with the photo they were found on, taken before the township heard of them:
# only a photo taken after such a problem was said to be found contradicts it.
FED_BACK = frozenset(("aerial_photo", "satellite", "county_feedback", "public_report"))
EARTH_RADIUS_KM = 6371.0


def photo_times(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    far: dict[tuple[str, str], list[tuple[Fact, datetime, float]]] = defaultdict(list)
    for f in facts.of(*_STAGE):
        for photo in f.photos:
            if not photo.get("taken_at"):
                continue
            taken = taken_at(photo["taken_at"])
            days = (taken - f.occurred).total_seconds() / 86400
            if days <= -limits.photo_time_days and f.detail.get("source") in FED_BACK:
                continue
            if abs(days) >= limits.photo_time_days:
                far[(f.subject, photo["sha256"])].append((f, taken, days))
    flags = []
    for (problem, sha), found in sorted(far.items()):
        said = "；".join(
            f"{_STAGE[f.kind]}报称发生于 {f.occurred.astimezone(CHINA):%Y-%m-%d %H:%M}，"
            f"照片拍摄于 {taken.astimezone(CHINA):%Y-%m-%d %H:%M}，相差 {abs(days):.1f} 天"
            f"（照片{'早于' if days < 0 else '晚于'}所报时间）" for f, taken, days in found)
        flags.append(_flag(FlagKind.PHOTO_TIME, problem, sha, [f for f, _, _ in found],
                           f"照片（摘要 {sha[:12]}…）的拍摄时间（EXIF）与所报时间相差 "
                           f"{limits.photo_time_days} 天以上：{said}"))
    return flags


def photo_places(facts: FlagFacts, limits: FlagThresholds) -> list[Flag]:
    located = {f.subject: f.detail["location"] for f in facts.of("Problem.Registered") if f.detail.get("location")}
    far: dict[tuple[str, str], list[tuple[Fact, float]]] = defaultdict(list)
    for f in facts.of(*_STAGE):
        where = located.get(f.subject)
        for photo in f.photos:
            if where is None or not photo.get("latitude"):
                continue
            km = distance_km(photo["latitude"], photo["longitude"], where["latitude"], where["longitude"])
            if km >= float(limits.photo_distance_km):
                far[(f.subject, photo["sha256"])].append((f, km))
    flags = []
    for (problem, sha), found in sorted(far.items()):
        km = max(k for _, k in found)
        where, steps = located[problem], "、".join(_STAGE[f.kind] for f, _ in found)
        flags.append(_flag(FlagKind.PHOTO_PLACE, problem, sha, [f for f, _ in found],
                           f"照片（摘要 {sha[:12]}…）的拍摄位置（EXIF GPS）距问题登记的位置 "
                           f"{where['latitude']},{where['longitude']} {km:.1f} 公里"
                           f"（阈值 {limits.photo_distance_km} 公里），用于{steps}"))
    return flags


def _flag(kind: FlagKind, problem: str, sha: str, citing: list[Fact], reason: str) -> Flag:
    return Flag(
        key=f"{kind}:{problem}:{sha}",
        kind=kind,
        people=tuple(sorted({f.actor for f in citing})),
        villages=tuple(sorted({f.village for f in citing if f.village})),
        reason=reason,
        positions=positions(citing),
    )


def taken_at(text: str) -> datetime:
    """A photo's EXIF time; one without its offset is read as the township's time, as the phone showed it."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)


def distance_km(lat1: str | Decimal, lon1: str | Decimal, lat2: str | Decimal, lon2: str | Decimal) -> float:
    """The great-circle distance between two positions in degrees (haversine)."""
    p1, p2 = math.radians(float(lat1)), math.radians(float(lat2))
    dp, dl = p2 - p1, math.radians(float(lon2) - float(lon1))
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
