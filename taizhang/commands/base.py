"""What every group of commands shares: get an aggregate, call it, save it; library errors become domain ones."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, PersistenceError

from domain.acts import Act, as_fact
from domain.errors import AlreadyExists, ConcurrentChange, InvalidInput, NotFound
from domain.organisation import Township
from domain.store_mark import StoreMark
from taizhang.clock import Clock, MonotonicClock, SystemClock
from taizhang.store.failures import is_store_full, nothing_written
from taizhang.transcodings import DateAsISO

A = TypeVar("A", bound=Aggregate)


def stored_uuid(originator_id: uuid.UUID | str) -> uuid.UUID:
    """An aggregate id as the store reads it back: typed as either, a UUID in this record's stores (id type uuid)."""
    assert isinstance(originator_id, uuid.UUID), f"aggregate id {originator_id!r} is not a UUID"
    return originator_id


@dataclass(frozen=True)
class Outcome:
    """What a command answers: the aggregate, its new version, and the log position to wait for."""

    id: uuid.UUID
    version: int
    position: int
    recorded_at: datetime


class Commands(Application):
    """The unit of work under every command group; ``taizhang.application.Taizhang`` composes the groups."""

    name = "taizhang"
    log_section_size = 1000

    def __init__(self, env: dict[str, str] | None = None, clock: Clock | None = None) -> None:
        super().__init__(env)
        base_clock = clock or SystemClock()
        self.clock = MonotonicClock(base_clock)
        last = self.last_recorded_at()
        if last is not None:
            self.clock.raise_floor(last)
        self.check_clock_allowed()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # --- the store's identity -------------------------------------------------------------

    def store_mark(self) -> StoreMark | None:
        try:
            return self.repository.get(StoreMark.ID)
        except AggregateNotFoundError:
            return None

    def check_clock_allowed(self) -> None:
        """A real store always uses the system clock; only a simulation may drive time by hand."""
        if not self.clock.is_simulated:
            return
        mark = self.store_mark()
        if mark is not None and not mark.is_simulation:
            raise InvalidInput(
                "该数据库是正式台账，只能使用系统时钟",
                "this store is a real record: it only runs on the system clock",
            )

    def init_store(self, purpose: str, township_name: str, township_code: str, actor: str) -> Outcome:
        """Say once what this store is for and whose township it records."""
        if self.store_mark() is not None:
            raise AlreadyExists("该数据库已初始化", "this store is already initialised")
        if self.clock.is_simulated and purpose != StoreMark.SIMULATION:
            raise InvalidInput("模拟时钟只能用于模拟（演示）数据库", "a simulated clock needs a simulation store")
        if self.recorder.max_notification_id():
            raise InvalidInput("只能初始化空数据库", "only an empty store can be initialised")
        act = self.act(actor)
        township = Township.establish(township_name, township_code, act)
        return self.record(StoreMark.mark(purpose, township.code, act), township)

    # --- unit of work ---------------------------------------------------------------------

    def act(self, actor: str, occurred_at: datetime | None = None) -> Act:
        now = self.clock.now()
        return Act(actor=actor, recorded_at=now, occurred_at=occurred_at or now)

    def get(self, cls: type[A], aggregate_id: uuid.UUID, what_zh: str) -> A:
        try:
            aggregate: Aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFound(f"找不到{what_zh} {aggregate_id}", f"no {cls.__name__.lower()} {aggregate_id}") from None
        if not isinstance(aggregate, cls):
            raise NotFound(f"找不到{what_zh} {aggregate_id}", f"no {cls.__name__.lower()} {aggregate_id}")
        return aggregate

    @contextmanager
    def changing(
        self, cls: type[A], aggregate_id: uuid.UUID, what_zh: str, expected_version: int | None = None
    ) -> Iterator[A]:
        """Get, check the caller saw the latest version, let the caller change it (saved by ``record``)."""
        aggregate = self.get(cls, aggregate_id, what_zh)
        if expected_version is not None and aggregate.version != expected_version:
            raise ConcurrentChange(
                f"{what_zh}已被他人修改（当前版本 {aggregate.version}，你看到的是 {expected_version}），请刷新后重试",
                f"the {cls.__name__.lower()} changed (version {aggregate.version}, you saw {expected_version})",
                current_version=aggregate.version,
            )
        yield aggregate

    def record(self, *aggregates: Aggregate) -> Outcome:
        """Save atomically; a version someone else wrote first is a conflict, never an overwrite."""
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            first = aggregates[0]
            raise ConcurrentChange(
                "记录已被他人抢先修改或已存在，请刷新后重试",
                f"{type(first).__name__} {first.id} was changed or created concurrently; reload and retry",
            ) from None
        except PersistenceError as error:
            if is_store_full(error):
                raise nothing_written() from None
            raise
        if not recordings:
            raise InvalidInput("没有可保存的变化", "nothing to record")
        last = recordings[-1]
        main = aggregates[0]
        return Outcome(
            id=main.id,
            version=main.version,
            position=last.notification.id,
            recorded_at=as_fact(last.domain_event).timestamp,
        )

    def last_recorded_at(self) -> datetime | None:
        """The recorded time of the newest event, so that a restarted clock never goes back before it."""
        return self.log_head()[1]

    def log_head(self) -> tuple[int, datetime | None]:
        """The log's last position and when its event was recorded, read together (0 and None when empty)."""
        position = self.recorder.max_notification_id()
        if not position:
            return 0, None
        notifications = self.recorder.select_notifications(start=position, limit=1)
        if not notifications:
            return position, None
        return notifications[0].id, as_fact(self.mapper.to_domain_event(notifications[0])).timestamp
