"""The red flags as the record stood at a moment: the facts up to that position, the thresholds then in force."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from domain.errors import InvalidInput, NotFound
from domain.flags.facts import FlagFacts
from domain.flags.flag import FLAG_KIND_LABELS, Flag
from domain.flags.raising import raise_flags
from domain.local_time import CHINA
from projections.db import ReadStore, time_value
from projections.flag_facts import FlagFactsModel, read_facts
from projections.provenance import SourceEvent
from projections.snapshot import AsOf, Snapshot, snapshot
from projections.tracking import active_tracks


@dataclass(frozen=True)
class FlagFilter:
    kind: str | None = None
    village: str | None = None
    person: str | None = None
    status: str | None = None

    def __post_init__(self) -> None:
        if self.kind and self.kind not in FLAG_KIND_LABELS:
            known = "、".join(f"{k}（{v}）" for k, v in FLAG_KIND_LABELS.items())
            raise InvalidInput(f"未知的疑点类型 “{self.kind}”（可选：{known}）", f"unknown flag kind {self.kind!r}")
        if self.status and self.status not in ("open", "confirmed", "dismissed"):
            raise InvalidInput("核查状态只能是 open（待核查）、confirmed（已核实）或 dismissed（排除）",
                               f"unknown review status {self.status!r}")

    def admits(self, flag: Flag) -> bool:
        return ((not self.kind or flag.kind == self.kind)
                and (not self.village or self.village in flag.villages)
                and (not self.person or self.person in flag.people)
                and (not self.status or flag.status == self.status))


class FlagQueries:
    def __init__(self, store: ReadStore) -> None:
        self.store = store

    def flags(
        self, as_of: AsOf = None, only: FlagFilter | None = None, today: date | None = None
    ) -> tuple[list[Flag], Snapshot]:
        """The flags as of a moment under the thresholds in force on its day; the latest under today's (``today``
        for a simulated record's clock, else the calendar's)."""
        with self.store.reading() as tx:
            snap = snapshot(tx, as_of)
            track = active_tracks(tx).get(FlagFactsModel.name)
            if track is None:
                raise InvalidInput("疑点读模型尚未建立：请先运行 taizhang projections run",
                                   "the red-flag read model is not set up yet")
            position = min(snap.position, track.position)
            facts = FlagFacts(read_facts(tx, track.generation, position))
        if isinstance(as_of, datetime):
            day = as_of.astimezone(CHINA).date()
        elif as_of is None or snap.recorded_at is None:
            day = today or datetime.now(CHINA).date()
        else:
            day = snap.recorded_at.astimezone(CHINA).date()
        flags = raise_flags(facts, day)
        chosen = only or FlagFilter()
        return [f for f in flags if chosen.admits(f)], snap

    def flag(self, key: str, as_of: AsOf = None, today: date | None = None) -> tuple[Flag, Snapshot]:
        flags, snap = self.flags(as_of, today=today)
        for f in flags:
            if f.key == key:
                return f, snap
        raise NotFound(f"找不到疑点 “{key}”（可能已不再成立，或尚未出现）", f"no red flag {key!r} as of then")

    def events(self, positions: Sequence[int], snap: Snapshot) -> list[SourceEvent]:
        """The events behind a flag, from the event index."""
        chosen = sorted(p for p in set(positions) if p <= snap.position)
        rows = []
        with self.store.reading() as tx:
            for start in range(0, len(chosen), 500):
                part = chosen[start : start + 500]
                rows += tx.all(
                    "SELECT position, event_type, originator_id, originator_version, actor, occurred_at, recorded_at, "
                    f"village_id FROM {snap.events_table} WHERE position IN ({', '.join('?' * len(part))})",
                    part,
                )
        return [
            SourceEvent(int(p), t, o, int(v), a, time_value(oc) if oc else None, time_value(rc), vid)
            for p, t, o, v, a, oc, rc, vid in sorted(rows)
        ]
