"""How unusual a pattern must be to raise a red flag: part of the versioned rule book, so a past list regenerates."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from decimal import Decimal
from typing import Any

from domain.errors import InvalidInput


@dataclass(frozen=True)
class FlagThresholds:
    """The limits of every flag kind; the defaults hold wherever a rule version says nothing of flags."""

    late_entry_days: int = 7  # a step recorded this many days after it happened is entered late (迟录)
    late_entry_min_steps: int = 4  # a person or village is named only with at least this many late steps
    bunching_days: int = 3  # the days before a month closing or a pay approval watched for bunching
    bunching_min_records: int = 8  # at least this many records in those days …
    bunching_factor: Decimal = Decimal(4)  # … and this many times the person's usual rate
    pair_min_count: int = 6  # a reporter-verifier pair is looked at only after this many verifications
    chance_percent: Decimal = Decimal("0.1")  # "far more than chance": a binomial tail below this percentage
    max_extensions: int = 2  # more extensions than this on one problem
    max_reopenings: int = 1  # more reopenings than this on one problem
    village_sent_back: int = 4  # a village whose rectifications were sent back at least this often
    silent_patrol_min_patrols: int = 12  # patrols by one inspector (or of one cleaner) without a single deduction …
    silent_patrol_min_months: int = 3  # … over at least this many months …
    silent_patrol_other_problems: int = 3  # … while other sources found at least this many problems in those villages
    reencoded_max_bits: int = 6  # photos whose perceptual hashes (64 bits) differ in at most this many are one picture
    photo_time_days: int = 3  # a photo taken (EXIF) this many days or more from the time its step says it happened
    photo_distance_km: Decimal = Decimal(2)  # a photo taken (EXIF GPS) this far or more from the problem's location

    def __post_init__(self) -> None:
        for f in fields(self):
            if getattr(self, f.name) < 0:
                raise InvalidInput(f"疑点阈值 {f.name} 不能为负数", f"the red-flag threshold {f.name} is negative")
        if self.chance_percent > 100:
            raise InvalidInput("疑点的偶然概率阈值应在 0 至 100 之间", "the chance threshold is a percentage")
        if self.reencoded_max_bits > 32:  # beyond half the bits, unrelated pictures would count as one
            raise InvalidInput("重新编码照片的感知哈希差异阈值最多 32 位", "reencoded_max_bits is at most 32 bits")

    @property
    def chance(self) -> float:
        return float(self.chance_percent) / 100

    def as_record(self) -> dict[str, Any]:
        return {k: str(v) for k, v in asdict(self).items()}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> FlagThresholds:
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(record) - set(known))
        if unknown:
            raise InvalidInput(f"未知的疑点阈值：{'、'.join(unknown)}", f"unknown red-flag thresholds {unknown}")
        values: dict[str, Any] = {}
        for name, value in record.items():
            values[name] = Decimal(str(value)) if known[name].type in ("Decimal", Decimal) else int(value)
        return cls(**values)


DEFAULT_THRESHOLDS = FlagThresholds()
