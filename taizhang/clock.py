"""The server's clock, as a dependency: recorded times come from here and never go backwards."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol

_TICK = timedelta(microseconds=1)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time, in UTC."""

    is_simulated = False

    def now(self) -> datetime:
        return datetime.now(UTC)


class SimulatedClock:
    """A clock the demo and the tests move by hand."""

    is_simulated = True

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a simulated clock needs a time zone")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = moment

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


class MonotonicClock:
    """Wraps a clock so that successive readings strictly increase, even if the wall clock steps back."""

    def __init__(self, clock: Clock, floor: datetime | None = None) -> None:
        self.clock = clock
        self.is_simulated = getattr(clock, "is_simulated", False)
        self._last = floor
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            reading = self.clock.now()
            if self._last is not None and reading <= self._last:
                reading = self._last + _TICK
            self._last = reading
            return reading

    def raise_floor(self, floor: datetime) -> None:
        with self._lock:
            if self._last is None or floor > self._last:
                self._last = floor
