"""``create_api``: the FastAPI app over one Taizhang application, built on request and never at import."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.routing import APIRoute
from pwdlib import PasswordHash

from api.docs import install_docs
from api.errors import install_error_handlers
from api.routes import (
    accounts,
    assessment,
    audit,
    auth,
    calendar,
    cases,
    cleaners,
    evidence,
    flags,
    health,
    ledger,
    letters,
    log,
    pay,
    people,
    problems,
    provenance,
    reports,
    summary,
    villages,
    work,
)
from api.routing import TaizhangRoute
from projections.readiness import Readiness
from projections.runner import Projector
from taizhang.access.current_callers import CurrentCallers
from taizhang.access.policy import POLICY
from taizhang.access.sign_in import LoginLimiter, TokenIssuer
from taizhang.accounts import AccountDesk
from taizhang.application import Taizhang
from taizhang.audit.schedule import start_server_checkpoints
from taizhang.bootstrap import build_app, build_read_store, build_side_tables
from taizhang.credentials import Credentials
from taizhang.server_context import ServerContext
from taizhang.server_secret import UnsafeSecret, server_secret
from taizhang.settings import Settings
from taizhang.store.evidence import EvidenceStore
from taizhang.store.idempotency import IdempotencyStore
from taizhang.store.side import SideTables
from taizhang.store.uploads import Uploads
from web import mount_web

DESCRIPTION = """台账 — the event-sourced record of a township's whole-area zero-garbage campaign (全域无垃圾治理).

Commands are POSTs on resources and answer `{id, version, position, recorded_at}`; queries are GETs.
Sign in at `/auth/token` (OAuth2 password flow) and send `Authorization: Bearer …`, or send `X-API-Key`.
Every POST accepts `Idempotency-Key`; commands on an existing resource accept `If-Match: "<version>"`.
Every refusal is `{code, message_zh, message_en, details}`."""


def create_api(
    settings: Settings,
    application: Taizhang | None = None,
    side_tables: SideTables | None = None,
    limiter: LoginLimiter | None = None,
    password_hasher: PasswordHash | None = None,
    projector: Projector | None = None,
) -> FastAPI:
    """The API over ``application`` (built from ``settings`` when not given); it closes what it built.

    The read models are kept caught up in this process unless ``settings.run_projections`` is off
    (several API workers sharing one PostgreSQL, with ``taizhang projections run`` beside them).
    """
    owns_application = application is None
    app = application if application is not None else build_app(settings)
    try:
        secret = server_secret(settings, app.store_mark())
    except UnsafeSecret:
        if owns_application:
            app.close()
        raise
    owns_tables = side_tables is None
    tables = side_tables if side_tables is not None else build_side_tables(settings)
    owns_projector = projector is None
    runner = projector if projector is not None else Projector(app, build_read_store(settings))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if settings.run_projections:
            # Caught up before the first connection is accepted: no answer comes from half-projected tables.
            await run_in_threadpool(runner.setup)
            await run_in_threadpool(runner.catch_up)
            runner.start()
        else:
            runner.setup()  # queries need the tables even before the projection process first runs
        checkpoints = start_server_checkpoints(app, settings)  # every N events or hours, sent to the witness
        if settings.gc_freeze:
            # The modules, the application and the caught-up caches live as long as the server: ~180,000 objects a
            # full collection would walk again and again (~90 ms pauses on heavy pages, docs/PERFORMANCE.md).
            gc.collect()
            gc.freeze()
        yield
        if checkpoints is not None:
            checkpoints.stop()
        if settings.run_projections:
            runner.stop()
        if owns_projector:
            runner.store.close()
        if owns_tables:
            tables.close()
        if owns_application:
            app.close()

    api = FastAPI(title="taizhang 台账", version="0.1.0", description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)  # served with local assets by install_docs, or not at all
    if settings.api_docs:
        install_docs(api)
    api.state.context = ServerContext(
        settings=settings,
        secret=secret,
        application=app,
        desk=AccountDesk(app, Credentials(tables, password_hasher)),
        tokens=TokenIssuer(secret, timedelta(minutes=settings.access_token_minutes), app.clock),
        limiter=limiter or LoginLimiter(settings.login_failures_allowed, settings.login_window_seconds,
                                        per_account=settings.login_failures_per_account,
                                        per_address=settings.login_failures_per_address),
        idempotency=IdempotencyStore(tables, timedelta(hours=settings.retry_keys_hours),
                                     timedelta(seconds=settings.retry_reservation_seconds)),
        projector=runner,
        evidence=EvidenceStore(settings.evidence_root, settings.evidence_max_bytes),
        callers=CurrentCallers(app),
        readiness=Readiness(runner, app.recorder.max_notification_id() or 0),
        uploads=Uploads(tables),
    )
    install_error_handlers(api)
    for module in (
        auth, accounts, villages, people, calendar, problems, ledger, provenance, audit, evidence, reports, log,
        health, flags, cases,
    ):
        api.include_router(module.router)
    api.include_router(villages.township_router)
    for router in (
        work.router, work.surveys, work.stations, work.imports, summary.router,
        assessment.rules, assessment.patrols, assessment.months, assessment.bulletins,
        pay.sheets, pay.rankings, pay.ratings, pay.year_end, cleaners.router, letters.letters, letters.villages,
    ):
        api.include_router(router)
    check_every_route_decided(api)
    mount_web(api)  # the web workspace at /web, a sub-application with its own pages
    return api


def create_served_api() -> FastAPI:
    """The API over the store the ``TAIZHANG_`` variables name (``taizhang serve`` sets them from its options)."""
    return create_api(Settings())


@dataclass(frozen=True)
class RouteEntry:
    method: str
    path: str
    name: str
    route: APIRoute


def api_routes(api: FastAPI) -> list[RouteEntry]:
    """Every API operation (included routers flattened), documentation pages aside."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # FastAPI before lazily included routers
        contexts: list = list(api.routes)
    else:
        contexts = list(iter_route_contexts(api.routes))
    entries = []
    for context in contexts:
        original = getattr(context, "original_route", context)
        if isinstance(original, APIRoute):
            for method in sorted(context.methods or ()):
                entries.append(RouteEntry(method, context.path, original.name, original))
    return entries


def check_every_route_decided(api: FastAPI) -> None:
    """Refuse to build an API with a route that skips the policy or has no decision in it.

    Also refuse a route served under another path than its resource router's prefix (a router
    included with a prefix of its own): ``ResourceRouter`` turns away every path outside its prefix.
    """
    for entry in api_routes(api):
        if not isinstance(entry.route, TaizhangRoute) or entry.name not in POLICY:
            raise RuntimeError(
                f"route {entry.name} ({entry.path}) has no access decision in taizhang.access.policy.POLICY"
            )
        if entry.path != entry.route.path:
            raise RuntimeError(
                f"route {entry.name} is served at {entry.path}, not under its router's {entry.route.path}"
            )
