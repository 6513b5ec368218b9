"""Load the demo township into a store: plan the year from a seed, then record it with a simulated clock."""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from domain.errors import DomainError
from domain.local_time import CHINA
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.clock import SimulatedClock
from taizhang.credentials import Credentials
from taizhang.demo.accounts import DEMO_PASSWORD, SETUP_ACTOR, plan_accounts
from taizhang.demo.assessment import AssessmentPlanner
from taizhang.demo.community import CommunityPlanner
from taizhang.demo.loading_store import build_loading_app, sync_to_disk
from taizhang.demo.plan import Happening, OpenAccount, Plan, RecordHolidayNotice, what_of
from taizhang.demo.planted import plant
from taizhang.demo.player import Player
from taizhang.demo.problems import ProblemPlanner
from taizhang.demo.township import OFFICE_CLERK, TOWNSHIP_CODE, TOWNSHIP_NAME, plan_township
from taizhang.demo.work import WorkPlanner
from taizhang.holidays import published_calendar
from taizhang.settings import Settings

DEFAULT_SEED = 2023
Progress = Callable[[int, int], None]
"""Called with (happenings recorded, happenings planned) as the year is recorded."""
# The demo password is printed for everyone: an expensive hash would protect nothing and only slow each load
# and sign-in. Argon2 keeps its parameters in the hash, so the API checks it at this cost; a password the
# user changes is hashed at the API's own cost.
PUBLISHED_PASSWORD_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
STORE_OPENED = datetime(2023, 1, 3, 8, 0, tzinfo=CHINA)
NOTICE_2024_RECORDED = datetime(2023, 10, 26, 10, 15, tzinfo=CHINA)


class DemoRefused(DomainError):
    """The data folder holds something that is not this demo: it is never overwritten."""

    code = "demo_refused"
    title = "数据目录已有其他台账"


@dataclass(frozen=True)
class DemoLoaded:
    location: str
    events: int
    seconds: float
    reused: bool


def plan_year(seed: int = DEFAULT_SEED, planted: bool = True) -> Plan:
    """Everything that happens in the demo township in 2023, decided by the seed alone; ``planted``: with the
    patterns the inspector's red flags should find (``taizhang.demo.planted``), else the same year without them."""
    rng = random.Random(seed)
    calendar = published_calendar()
    directory, organisation = plan_township(rng)
    accounts = plan_accounts(directory, organisation)
    plan = Plan()
    plan.extend(accounts.happenings)
    plan.extend(organisation)
    plan.extend(ProblemPlanner(rng, calendar, directory).plan())
    plan.extend(WorkPlanner(rng, calendar, directory).plan())
    # The assessment is planned last: the problems and work above draw from the seed exactly as before it.
    plan.extend(CommunityPlanner(rng, calendar, directory, plan).plan())
    plan.extend(AssessmentPlanner(rng, calendar, directory).plan())
    if planted:
        plan.happenings, plan.planted = plant(plan.happenings, directory, seed)
    notice = calendar.year(2024)
    plan.add(Happening(NOTICE_2024_RECORDED, NOTICE_2024_RECORDED, OFFICE_CLERK, RecordHolidayNotice(
        2024, tuple(sorted(notice.holidays)), tuple(sorted(notice.makeup_workdays)),
        "国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号）",
    )))
    return plan.signed_by(accounts.usernames)


def record_year(
    settings: Settings, seed: int = DEFAULT_SEED, progress: Progress | None = None, planted: bool = True
) -> int:
    """Record the planned year into an empty store marked as a simulation; answers the number of events."""
    clock = SimulatedClock(STORE_OPENED)
    plan = plan_year(seed, planted)
    app = build_loading_app(settings, clock)
    try:
        app.init_store("simulation", TOWNSHIP_NAME, TOWNSHIP_CODE, SETUP_ACTOR)
        with app.facts_held():  # every command of the year goes on from the facts the last one read
            Player(app, clock).play(plan, progress)
        events = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    set_demo_passwords(settings, plan)
    return events


def set_demo_passwords(settings: Settings, plan: Plan) -> None:
    """Every demo account signs in with the published demo password, set as of its opening."""
    tables = build_side_tables(settings)
    try:
        openings = [(what_of(h, OpenAccount).username, h.recorded_at) for h in plan.of(OpenAccount)]
        Credentials(tables, PUBLISHED_PASSWORD_HASHER).set_published_password(openings, DEMO_PASSWORD)
    finally:
        tables.close()


def existing_demo(settings: Settings) -> int | None:
    """The number of events of a demo already in the store; None if the store is empty."""
    app = build_app(settings)
    try:
        mark = app.store_mark()
        events = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    if mark is None and not events:
        return None
    if mark is None or not mark.is_simulation or mark.township_code != TOWNSHIP_CODE:
        raise DemoRefused(
            "该数据目录已有其他台账（不是演示数据），演示数据不会覆盖它；请换一个 --data 目录",
            "the data folder holds another record (not the demo); it is never overwritten: choose another --data",
        )
    return events


def load_demo(
    settings: Settings, seed: int = DEFAULT_SEED, progress: Progress | None = None, planted: bool = True
) -> DemoLoaded:
    """Load the demo once; a folder that already holds it is reused as it is."""
    started = time.perf_counter()
    location = str(settings.sqlite_file) if settings.store == "sqlite" else settings.store
    if settings.store != "sqlite" or settings.sqlite_file.exists():
        events = existing_demo(settings)
        if events is not None:
            return DemoLoaded(location, events, time.perf_counter() - started, reused=True)
    if settings.store != "sqlite":
        events = record_year(settings, seed, progress, planted)
    else:
        events = _record_then_move_into_place(settings, seed, progress, planted)
    return DemoLoaded(location, events, time.perf_counter() - started, reused=False)


def _record_then_move_into_place(settings: Settings, seed: int, progress: Progress | None, planted: bool) -> int:
    """Record into a side file and rename it: an interrupted load never leaves half a demo behind."""
    target = settings.sqlite_file
    loading = target.with_name(target.name + ".loading")
    for leftover in _with_journal(loading):
        leftover.unlink(missing_ok=True)
    events = record_year(settings.model_copy(update={"sqlite_path": loading}), seed, progress, planted)
    sync_to_disk(*_with_journal(loading))
    for journal, final in zip(_with_journal(loading)[1:], _with_journal(target)[1:], strict=True):
        if journal.exists():
            shutil.move(journal, final)
    loading.replace(target)
    return events


def _with_journal(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
