"""What every page needs: the API's context, the read models kept current, the templates."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fastapi.templating import Jinja2Templates

from projections.db import ReadStore
from projections.runner import Projector
from taizhang.access.caller import Caller
from taizhang.application import Taizhang
from taizhang.bootstrap import build_read_store
from taizhang.names import PeopleNames
from taizhang.server_context import ServerContext
from taizhang.store.photos import Thumbnails
from taizhang.todo import Desk, task_count
from web.labels import install_filters

HERE = Path(__file__).parent
SETTLE_SECONDS = 5.0


@dataclass
class Workspace:
    context: ServerContext
    reads: ReadStore
    projector: Projector
    templates: Jinja2Templates
    owns_projector: bool
    names: PeopleNames
    thumbnails: Thumbnails
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _started: bool = False
    _simulation: bool | None = None
    # Each caller's to-do count for the navigation, by the log's head: recounted only when the record grows.
    _todo_counts: dict[tuple[str, int, str], int] = field(default_factory=dict)

    @classmethod
    def build(cls, context: ServerContext) -> Workspace:
        """Reuse the API's projector when it runs one; otherwise keep the read models current ourselves."""
        projector = getattr(context, "projector", None)
        owns = projector is None
        if projector is None:
            projector = Projector(context.application, build_read_store(context.settings))
        templates = Jinja2Templates(directory=str(HERE / "templates"))
        install_filters(templates.env)
        names = PeopleNames(context.application)
        templates.env.filters["person"] = names.name  # who an account is, by name
        return cls(context, projector.store, projector, templates, owns, names,
                   Thumbnails(context.evidence))

    @property
    def app(self) -> Taizhang:
        return self.context.application

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
            # With several API workers, one `taizhang projections run` process projects for all of them.
            if self.owns_projector and self.context.settings.run_projections:
                self.projector.start()

    def close(self) -> None:
        with self._lock:
            if self.owns_projector and self._started:
                self.projector.stop()
                self.reads.close()
            self._started = False

    def is_simulation(self) -> bool:
        """Whether the record is a simulation (the demo), asked once: a store's mark never changes."""
        if self._simulation is None:
            mark = self.app.store_mark()
            self._simulation = mark is not None and mark.is_simulation
        return self._simulation

    def todo_count(self, caller: Caller, today: date) -> int:
        head = self.app.recorder.max_notification_id() or 0
        key = (caller.username, head, today.isoformat())
        counted = self._todo_counts.get(key)
        if counted is None:
            counted = task_count(caller, Desk(self.reads, self.app.working_calendar, today))
            with self._lock:
                if len(self._todo_counts) > 1000:
                    self._todo_counts.clear()
                self._todo_counts[key] = counted
        return counted

    def settle(self, position: int) -> None:
        """Read-your-writes: wait (bounded) until the read models hold what was just recorded."""
        self.projector.nudge()
        self.projector.wait_for(position, SETTLE_SECONDS)
