"""Catch-up: read the log in batches, fold each batch into the read models, commit rows and positions together.

Exactly once: a batch is applied only if, inside its write transaction, every tracking row still
holds the position the batch was read from; otherwise someone else applied it and it is dropped.
"""

from __future__ import annotations

import logging
import threading
import time
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from eventsourcing.application import Application

from domain.errors import DomainError
from projections.assessment import AssessmentFactsModel
from projections.campaign import CampaignFacts
from projections.cases import CasesModel
from projections.db import ReadStore, Tx
from projections.event_index import EventIndex
from projections.evidence_refs import EvidenceRefs
from projections.flag_facts import FlagFactsModel
from projections.ledger import ProblemLedger
from projections.model import ReadModel, Recorded, add_indexes, create
from projections.tracking import Track, add_track, advance, ensure_tracking, tracks

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
"""Called after each batch with (position reached, head of the log)."""


class ReadModelsBehind(DomainError):
    """The read models have not reached the position a query asked to wait for, within the bound."""

    code = "read_models_behind"
    title = "读模型尚未追上记录"


def default_models() -> list[ReadModel]:
    return [EventIndex(), ProblemLedger(), CampaignFacts(), AssessmentFactsModel(), EvidenceRefs(), FlagFactsModel(),
            CasesModel()]


@dataclass(frozen=True)
class ModelStatus:
    name: str
    generation: int
    position: int
    head: int
    lag: int
    active: bool


App = TypeVar("App", bound=Application)
"""The application whose log is read: typed as the caller's own, so that ``projector.app`` keeps its commands."""


class Projector(Generic[App]):
    """Keeps the read models of one application up to date; safe to run in several processes at once."""

    def __init__(
        self,
        app: App,
        store: ReadStore,
        models: Sequence[ReadModel] | None = None,
        batch_size: int = 1000,
        rebuild_batch_size: int = 10_000,
    ) -> None:
        self.app = app
        self.store = store
        self.models = {m.name: m for m in (models or default_models())}
        # Event class -> names of the models that consume it, learnt on each class's first event, so that
        # an event costs nothing in a model it cannot change (most of a history is problems' steps).
        self._consumers: dict[type, tuple[str, ...]] = {}
        self.batch_size = batch_size
        # A rebuild reads far behind the head: larger batches mean fewer commits and fewer ledger rows
        # closed by UPDATE (a problem's steps inside one batch become finished rows at once).
        self.rebuild_batch_size = rebuild_batch_size
        self._changed = threading.Condition()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock_conn: Any = None
        self._lock_held = False
        self.last_error: str | None = None

    # --- set-up and state ----------------------------------------------------------------

    def setup(self) -> None:
        """Create the tracking table and the first generation of every read model that has none."""
        with self.store.transaction() as tx:
            self._serialise(tx)
            ensure_tracking(tx)
            every = tracks(tx)
            known = {t.name for t in every}
            active = {t.name: t for t in every if t.active}
            for model in self.models.values():
                if model.name not in known:
                    add_track(tx, model.name, 1, active=True)
                    create(tx, model, 1)
                elif model.name in active:
                    # A query index added by a later release reaches an existing store here, not only at
                    # its next rebuild (every query index is IF NOT EXISTS, so this is otherwise a no-op).
                    add_indexes(tx, model, active[model.name].generation)

    def _serialise(self, tx: Tx) -> None:
        # Set-up takes its own key: the writer's session lock (``lock_key``) is held for as long as a
        # ``projections run`` lives, and set-up in a status command or an API worker must not wait on it.
        if tx.dialect == "postgres":
            tx.execute("SELECT pg_advisory_xact_lock(?)", (self.setup_lock_key,))

    @property
    def setup_lock_key(self) -> int:
        return zlib.crc32(f"taizhang-projections-setup:{self.store.schema}".encode())

    @property
    def lock_key(self) -> int:
        schema = self.store.schema if self.store.dialect == "postgres" else self.store.sqlite_path
        return zlib.crc32(f"taizhang-projections:{schema}".encode())

    def head(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def tracks(self) -> list[Track]:
        with self.store.reading() as tx:
            return tracks(tx)

    def position(self) -> int:
        """The position every active read model has reached."""
        active = [t for t in self.tracks() if t.active and t.name in self.models]
        return min((t.position for t in active), default=0)

    def status(self) -> list[ModelStatus]:
        head = self.head()
        return [
            ModelStatus(t.name, t.generation, t.position, head, max(head - t.position, 0), t.active)
            for t in self.tracks()
        ]

    # --- catching up ---------------------------------------------------------------------

    def catch_up(self, stop: int | None = None, progress: Progress | None = None) -> int:
        """Bring the active read models up to the head of the log (or ``stop``); returns events applied."""
        return self.advance(lambda t: t.active, stop, progress)

    def advance(
        self,
        chosen: Callable[[Track], bool],
        stop: int | None = None,
        progress: Progress | None = None,
        batch_size: int | None = None,
        read_ahead: bool = False,
    ) -> int:
        """Apply batches to the tracks ``chosen`` until the head (or ``stop``); returns events applied.

        With ``read_ahead`` (a rebuild) the next batch is read and decoded in a second thread while this one
        is written: the driver lets go of the interpreter while the database writes, so the two overlap.
        A batch read ahead is used only if it starts where the tracks then stand, so it is never applied twice.
        """
        applied = 0
        head = self.head() if progress else 0
        size = batch_size or self.batch_size
        with ThreadPoolExecutor(1, thread_name_prefix="taizhang-read-ahead") if read_ahead else nullcontext() as reader:
            ahead: tuple[int, Future[list[Recorded]]] | None = None
            batch: list[Recorded] | None
            while True:
                targets = [t for t in self.tracks() if t.name in self.models and chosen(t)]
                start = min((t.position for t in targets), default=None)
                if ahead is not None:
                    ahead_from, future = ahead
                    ahead = None
                    batch = future.result()  # also when not used, so that no read is left running
                    if ahead_from != start:
                        batch = None
                else:
                    batch = None
                if start is None or (stop is not None and start >= stop):
                    return applied
                if batch is None:
                    batch = self._read(start, size, stop)
                if not batch:
                    return applied
                if reader is not None:
                    ahead = (batch[-1].position, reader.submit(self._read, batch[-1].position, size, stop))
                if self._apply(targets, batch):
                    applied += len(batch)
                    with self._changed:
                        self._changed.notify_all()
                    if progress:
                        progress(batch[-1].position, max(head, batch[-1].position))

    def _read(self, after: int, limit: int, stop: int | None) -> list[Recorded]:
        """The events after position ``after`` (at most ``limit``, none after ``stop``), decoded."""
        notifications = self.app.recorder.select_notifications(after, limit, stop=stop, inclusive_of_start=False)
        to_domain_event = self.app.mapper.to_domain_event
        return [Recorded(n.id, to_domain_event(n)) for n in notifications]

    def _apply(self, targets: list[Track], batch: list[Recorded]) -> bool:
        shares = self._shares(batch, {t.name for t in targets})
        with self.store.transaction() as tx:
            now = {(t.name, t.generation): t for t in tracks(tx, for_update=True)}
            if any(now.get((t.name, t.generation)) != t for t in targets):
                return False  # another runner applied these events first, or a rebuild swapped generations
            last = batch[-1].position
            for track in targets:
                share = shares[track.name]
                if share and share[0].position <= track.position:
                    share = [r for r in share if r.position > track.position]
                self.models[track.name].apply(tx, track.generation, share, track.position, last)
                advance(tx, track, last)
        return True

    def _shares(self, batch: list[Recorded], names: set[str]) -> dict[str, list[Recorded]]:
        """Each model's part of the batch: the events it consumes, in position order."""
        shares: dict[str, list[Recorded]] = {name: [] for name in names}
        consumers = self._consumers
        for record in batch:
            kind = type(record.event)
            wanting = consumers.get(kind)
            if wanting is None:
                wanting = consumers[kind] = tuple(n for n, m in self.models.items() if m.consumes(kind))
            for name in wanting:
                if name in shares:
                    shares[name].append(record)
        return shares

    # --- read-your-writes ----------------------------------------------------------------

    def wait_for(self, position: int, timeout: float = 5.0) -> bool:
        """Block until every read model has reached ``position``; False if ``timeout`` seconds pass first."""
        deadline = time.monotonic() + timeout
        self._wake.set()
        while True:
            if self.position() >= position:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            with self._changed:
                self._changed.wait(min(remaining, 0.02))

    # --- the background runner -----------------------------------------------------------

    def start(self, poll_interval: float = 0.05) -> None:
        """Catch up in a daemon thread until ``stop``; in several processes, only the lock holder writes."""
        if self._thread is not None:
            return
        self.setup()
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, args=(poll_interval,), name="taizhang-projections", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._lock_conn is not None:
            self._lock_conn.close()
            self._lock_conn = None
            self._lock_held = False

    def nudge(self) -> None:
        """Ask the background runner to look for new events now (e.g. right after a command)."""
        self._wake.set()

    def run_forever(self, poll_interval: float = 0.2) -> None:
        """The body of ``taizhang projections run``: catch up until interrupted."""
        self.setup()
        self._run(poll_interval)

    def _run(self, poll_interval: float) -> None:
        pause = poll_interval
        while not self._stopping.is_set():
            applied = 0
            try:
                if self._holds_writer_lock():
                    applied = self.catch_up()
                self.last_error = None
                pause = poll_interval
            except Exception as error:  # a store hiccup must not end the runner; it retries with back-off
                self.last_error = f"{type(error).__name__}: {error}"
                log.exception("projection catch-up failed; retrying")
                pause = min(max(pause * 2, poll_interval), 5.0)
            if not applied:
                self._wake.wait(pause)
                self._wake.clear()

    def _holds_writer_lock(self) -> bool:
        """On PostgreSQL one process projects at a time: the holder of a session advisory lock."""
        if self.store.dialect != "postgres" or self._lock_held:
            return True
        if self._lock_conn is None:
            self._lock_conn = self.store.connect()
        row = self._lock_conn.execute("SELECT pg_try_advisory_lock(%s)", (self.lock_key,)).fetchone()
        self._lock_held = bool(row and row[0])
        return self._lock_held
