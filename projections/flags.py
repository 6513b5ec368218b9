"""The red flags as the record stood at a moment: the facts up to that position, the thresholds then in force."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from domain.errors import InvalidInput, NotFound
from domain.flags.facts import FLAG_REVIEWED, OPENINGS, FlagFacts, FlagPeriod
from domain.flags.flag import FLAG_KIND_LABELS, Flag, FlagKind, Verdict
from domain.flags.raising import raise_flags, reviews_of
from domain.local_time import CHINA
from projections.db import ReadStore, Tx, time_text, time_value
from projections.evidence_refs import EVIDENCE_TABLE, EvidenceRefs
from projections.flag_facts import TABLE, FlagFactsModel, PeriodFacts, fact_of_row
from projections.provenance import SourceEvent, events_at
from projections.snapshot import AsOf, Period, Snapshot, snapshot
from projections.tracking import Track, active_tracks, physical


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
        self, as_of: AsOf = None, only: FlagFilter | None = None, today: date | None = None,
        period: FlagPeriod | None = None,
    ) -> tuple[list[Flag], Snapshot]:
        """The flags of a period as of a moment, under the thresholds in force on its day; the latest under
        today's (``today`` for a simulated record's clock, else the calendar's). Without a period: the latest
        year the record then held problems or patrols of. A query reads only the period's facts, so its cost is
        the period's, not the whole record's."""
        with self.store.reading() as tx:
            snap = snapshot(tx, as_of)
            day = _day_of(as_of, snap, today)
            facts = self._facts(tx, snap, period, day)
            if facts.position < snap.position:
                # A model behind the moment asked (only while one is rebuilt): the answer says where it read.
                snap = snapshot(tx, facts.position)
            flags = raise_flags(facts, day)
        chosen = only or FlagFilter()
        return [f for f in flags if chosen.admits(f)], snap

    def flag(self, key: str, as_of: AsOf = None, today: date | None = None) -> tuple[Flag, Snapshot]:
        """One flag by its key, in the period the key names, or else the year of the problem (or photo) it is on."""
        period = self._period_of(key)
        flags, snap = self.flags(as_of, today=today, period=period)
        for f in flags:
            if f.key == key:
                return f, snap
        raise NotFound(f"找不到疑点 “{key}”（可能已不再成立，或尚未出现）", f"no red flag {key!r} as of then")

    def confirmed(self, today: date | None = None) -> list[Flag]:
        """Every flag whose latest review confirms it (已核实), whichever period it is of: cases are opened on them."""
        with self.store.reading() as tx:
            track = self._track(tx)
            rows = tx.all(f"SELECT position, kind, subject, actor, village_id, occurred_at, recorded_at, detail "
                          f"FROM {physical(TABLE, track.generation)} WHERE kind IN (?, ?) AND position <= ?",
                          [*FLAG_REVIEWED, track.position])
        latest = reviews_of(FlagFacts([fact_of_row(r) for r in rows]))
        found = []
        for key, review in sorted(latest.items()):
            if review.verdict != Verdict.CONFIRMED:
                continue
            try:
                found.append(self.flag(key, today=today)[0])
            except NotFound:
                continue  # confirmed once, no longer raised: the case on it, if any, stands on its own record
        return found

    def _track(self, tx: Tx) -> Track:
        track = active_tracks(tx).get(FlagFactsModel.name)
        if track is None:
            raise InvalidInput("疑点读模型尚未建立：请先运行 taizhang projections run",
                               "the red-flag read model is not set up yet")
        return track

    def period(self, as_of: AsOf = None, today: date | None = None) -> FlagPeriod:
        """The period a list shows when none is asked: the latest year of the record as of the moment."""
        with self.store.reading() as tx:
            snap = snapshot(tx, as_of)
            track = self._track(tx)
            return self._latest_year(tx, track, min(snap.position, track.position), _day_of(as_of, snap, today))

    def _latest_year(self, tx: Tx, track: Track, position: int, day: date) -> FlagPeriod:
        table = physical(TABLE, track.generation)
        latest = [tx.one(f"SELECT MAX(occurred_at) FROM {table} WHERE kind = ? AND position <= ?", [kind, position])
                  for kind in OPENINGS]
        moments = [time_value(row[0]) for row in latest if row and row[0]]
        return FlagPeriod.year(max(moments).astimezone(CHINA).year if moments else day.year)

    def _facts(self, tx: Tx, snap: Snapshot, period: FlagPeriod | None, day: date) -> PeriodFacts:
        track = self._track(tx)
        position = min(snap.position, track.position)
        evidence = active_tracks(tx).get(EvidenceRefs.name)
        # Photos cited elsewhere are looked up only as far as both indexes have read.
        evidence_table = physical(EVIDENCE_TABLE, evidence.generation) if evidence else None
        if evidence is not None:
            position = min(position, evidence.position)
        period = period or self._latest_year(tx, track, position, day)
        span = Period.days(period.first, period.last)
        assert span.start is not None and span.end is not None
        return PeriodFacts(tx, track.generation, position, period, evidence_table,
                           time_text(span.start), time_text(span.end))

    def _period_of(self, key: str) -> FlagPeriod | None:
        parts = key.split(":")
        if len(parts) > 2:
            named = FlagPeriod.from_label(parts[1])
            if named is not None:
                return named
        if parts[0] == FlagKind.BUNCHING and len(parts) == 3:
            with contextlib.suppress(ValueError):
                return FlagPeriod.year(date.fromisoformat(parts[2]).year)
        with self.store.reading() as tx:
            table = physical(TABLE, self._track(tx).generation)
            # Photo time and place flags are of a problem's step (kind:problem:photo); the others end in their subject.
            subject = parts[1] if parts[0] in (FlagKind.PHOTO_TIME, FlagKind.PHOTO_PLACE) else parts[-1]
            if parts[0] == FlagKind.REUSED_EVIDENCE:
                evidence = active_tracks(tx).get(EvidenceRefs.name)
                if evidence is None:
                    return None
                row = tx.one(f"SELECT originator_id FROM {physical(EVIDENCE_TABLE, evidence.generation)} "
                             "WHERE sha256 = ? ORDER BY position LIMIT 1", [subject])
                subject = str(row[0]) if row else subject
            opened = tx.one(f"SELECT occurred_at FROM {table} WHERE subject = ? AND kind = ?",
                            [subject, "Problem.Registered"])
        if opened is None:
            return None
        return FlagPeriod.year(time_value(opened[0]).astimezone(CHINA).year)

    def events(self, positions: Sequence[int], snap: Snapshot) -> list[SourceEvent]:
        """The events behind a flag, from the event index."""
        return events_at(self.store, positions, snap)


def _day_of(as_of: AsOf, snap: Snapshot, today: date | None) -> date:
    """The day whose rule version's thresholds apply: the moment asked, the position's, or today."""
    if isinstance(as_of, datetime):
        return as_of.astimezone(CHINA).date()
    if as_of is None or snap.recorded_at is None:
        return today or datetime.now(CHINA).date()
    return snap.recorded_at.astimezone(CHINA).date()
