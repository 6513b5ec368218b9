"""有奖举报 in the workspace: the reports, one report with where it stands, and the form to submit one.

Who sees what is the API's (``api/routes/reports.py``): a village cadre sees their village's reports and
never who made them (``taizhang.access.reporters``); a public reporter follows their own; the reporter's
sealed name and contact are opened only for the office staff who pay rewards (``reports.identity``).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from domain.account import AccessRole
from domain.acts import as_fact
from domain.assessment.reports import PublicReport
from domain.errors import NotFound
from projections import audit, queries
from projections.assessment_queries import AssessmentQueries
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.access.refusals import NotPermitted
from taizhang.access.reporters import ReporterShield
from web.access import check_page
from web.render import as_uuid, render, village_names, villages
from web.session import check_csrf, require_caller, workspace_of

router = APIRouter()


def submitter(app: Any, report_id: uuid.UUID) -> str:
    return as_fact(next(iter(app.repository.event_store.get(report_id, lte=1)))).actor


def reachable(request: Request, caller: Caller, report_id: str) -> PublicReport:
    """The report, if the caller may see it (a cadre: their village's; a reporter: their own); else 404."""
    app = workspace_of(request).app
    found = as_uuid(report_id)
    if found is None:
        raise NotFound("找不到该举报", f"no report {report_id!r}")
    report: PublicReport = app.public_report(found)
    hidden = (caller.is_village_scoped and report.village_id != caller.village_id) or (
        caller.role == AccessRole.PUBLIC_REPORTER and submitter(app, found) != caller.username)
    if hidden:
        raise NotFound("找不到该举报", f"no report {report_id} within your reach")
    return report


@router.get("/reports")
def reports(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "reports")
    workspace = workspace_of(request)
    keys: set[str] = set()
    if caller.role == AccessRole.PUBLIC_REPORTER:
        mine = audit.created_by(workspace.reads, caller.username, "PublicReport.Submitted", 100).events
        keys = {e.aggregate_id for e in mine}
    records, _ = AssessmentQueries(workspace.reads).records("report")
    shown = [r for r in records
             if (not caller.is_village_scoped or r["village_id"] == str(caller.village_id))
             and (caller.role != AccessRole.PUBLIC_REPORTER or r["_key"] in keys)]
    shown.sort(key=lambda r: r["submitted_on"], reverse=True)
    return render(request, "reports.html", rows=shown, names=village_names(request),
                  may_submit=allows("reports.submit", caller.role))


def report_page(request: Request, caller: Caller, report_id: str, status: int = 200, error: str | None = None,
                form: Any = None, failed: str = "", opening_identity: bool = False) -> Response:
    check_page(caller, "reports")
    app = workspace_of(request).app
    report = reachable(request, caller, report_id)
    submitted = next(iter(app.repository.event_store.get(report.id, lte=1)))
    assert isinstance(submitted, PublicReport.Submitted)  # a report's first event is always its submission
    actor = submitter(app, report.id)
    shown = ReporterShield(app, caller).actor(actor, intake=True)
    identity = None
    # The sealed name and contact are opened on purpose, to pay the reward, never with every view of the page.
    may_open_identity = allows("reports.identity", caller.role) and not report.identity_forgotten
    if opening_identity and may_open_identity:
        sealed = app.reporter_identity(report.id)
        if sealed:
            try:
                parts = json.loads(sealed)
                identity = f"{parts.get('name', '')} {parts.get('contact', '')}".strip()
            except (ValueError, AttributeError):
                identity = sealed
    village = village_names(request).get(str(report.village_id), "")
    problems = []
    if report.problem_id is None and allows("reports.link_problem", caller.role):
        problems = queries.ledger(workspace_of(request).reads, where={"village_id": str(report.village_id)},
                                  page_size=50).rows
    return render(request, "report.html", problems=problems, status=status, error=error, form=form or {}, failed=failed,
                  report=report, village=village, evidence=submitted.evidence, submitted=submitted,
                  by=workspace_of(request).names.name(shown) if shown == actor else shown, identity=identity,
                  may_open_identity=may_open_identity and identity is None,
                  may=lambda route: allows(route, caller.role))


@router.get("/reports/new")
def new_report(request: Request) -> Response:
    return submit_page(request, require_caller(request))


def submit_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                form: Any = None) -> Response:
    check_page(caller, "report_submit")
    return render(request, "report_new.html", status=status, error=error, form=form or {}, villages=villages(request))


@router.get("/reports/{report_id}")
def one_report(request: Request, report_id: str) -> Response:
    return report_page(request, require_caller(request), report_id)


@router.post("/reports/{report_id}/identity")
async def open_identity(request: Request, report_id: str) -> Response:
    """The reporter's sealed name and contact, opened by the office to pay the reward (the API's reports.identity)."""
    caller = require_caller(request)
    await check_csrf(request)
    if not allows("reports.identity", caller.role):
        raise NotPermitted("只有镇环境治理办可以查看举报人身份", "only the office may open a reporter's identity")
    return report_page(request, caller, report_id, opening_identity=True)
