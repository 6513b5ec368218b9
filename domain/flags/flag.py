"""A red flag: where to look and why, with the events behind it. Not a verdict: an inspector reviews it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FlagKind(StrEnum):
    LATE_ENTRY = "late_entry"  # 迟录：事后很久才录入
    BACKDATED = "backdated"  # 倒签：发生时间早于前一步骤录入之时
    BUNCHING = "bunching"  # 突击录入：结账、审批前集中补录
    REUSED_EVIDENCE = "reused_evidence"  # 照片重复使用
    RECIPROCAL_PAIR = "reciprocal_pair"  # 固定搭档验收
    REPEATED_EXTENSIONS = "repeated_extensions"  # 反复延期、重新打开
    SENT_BACK_VILLAGE = "sent_back_village"  # 整改反复被退回的村
    SILENT_PATROL = "silent_patrol"  # 巡查从不扣分
    PHOTO_TIME = "photo_time"  # 照片拍摄时间与所报时间不符
    PHOTO_PLACE = "photo_place"  # 照片拍摄地点偏离问题位置


FLAG_KIND_LABELS: dict[str, str] = {
    FlagKind.LATE_ENTRY: "事后迟录",
    FlagKind.BACKDATED: "倒签时间",
    FlagKind.BUNCHING: "结账审批前突击录入",
    FlagKind.REUSED_EVIDENCE: "照片重复使用",
    FlagKind.RECIPROCAL_PAIR: "固定搭档验收",
    FlagKind.REPEATED_EXTENSIONS: "反复延期或重新打开",
    FlagKind.SENT_BACK_VILLAGE: "整改反复被退回",
    FlagKind.SILENT_PATROL: "巡查从不扣分",
    FlagKind.PHOTO_TIME: "照片拍摄时间与所报时间不符",
    FlagKind.PHOTO_PLACE: "照片拍摄地点偏离问题位置",
}


class Verdict(StrEnum):
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"


VERDICT_LABELS: dict[str, str] = {"open": "待核查", Verdict.CONFIRMED: "已核实", Verdict.DISMISSED: "排除"}


@dataclass(frozen=True)
class Review:
    verdict: Verdict
    reason: str
    reviewer: str
    position: int


@dataclass(frozen=True)
class Flag:
    """``people`` are usernames or ``person:<id>``; ``reason`` names no one, so the pages put names beside it."""

    key: str
    kind: FlagKind
    people: tuple[str, ...]
    villages: tuple[str, ...]
    reason: str
    positions: tuple[int, ...]
    review: Review | None = None

    @property
    def status(self) -> str:
        return self.review.verdict.value if self.review else "open"

    @property
    def label(self) -> str:
        return FLAG_KIND_LABELS[self.kind]
