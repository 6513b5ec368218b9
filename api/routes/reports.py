"""Rewarded public reports (有奖举报): submitted by the public or the office, checked, linked, rewarded, paid.

The reporter's name and contact are sealed (crypto-shredding) and shown only to the office staff who
handle rewards (``/reports/{id}/identity``); a village cadre sees the report about their village but
never who made it; a public reporter follows their own reports.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import Query

from api.deps import AppDep, CallerDep
from api.reading import ReadStoreDep
from api.routes import resource_router, result
from api.routes.ledger import PageQuery
from api.routes.problems import evidence
from api.schemas.common import CommandResult
from api.schemas.reports import ReporterIdentity, ReportPublic
from domain.account import AccessRole
from domain.acts import as_fact
from domain.assessment.reports import PublicReport
from domain.errors import NotFound
from projections import audit
from taizhang.access.caller import Caller
from taizhang.access.reporters import ReporterShield
from taizhang.application import Taizhang
from taizhang.documents.problems import EvidenceIn
from taizhang.documents.reports import (
    ReportConfirm,
    ReportLink,
    ReportReason,
    ReportSubmit,
    RewardApprove,
    RewardPay,
)

router = resource_router("/reports", "public reports")


def submitter(app: Taizhang, report_id: uuid.UUID) -> tuple[str, datetime]:
    submitted = as_fact(next(iter(app.repository.event_store.get(report_id, lte=1))))
    return submitted.actor, submitted.timestamp


def reachable(app: Taizhang, caller: Caller, report_id: uuid.UUID) -> tuple[PublicReport, str, datetime]:
    report = app.public_report(report_id)
    actor, submitted_at = submitter(app, report_id)
    hidden = (caller.is_village_scoped and report.village_id != caller.village_id) or (
        caller.role == AccessRole.PUBLIC_REPORTER and actor != caller.username
    )
    if hidden:
        raise NotFound(f"找不到举报 {report_id}", f"no report {report_id}")
    return report, actor, submitted_at


def report_public(
    app: Taizhang, caller: Caller, report: PublicReport, actor: str, submitted_at: datetime
) -> ReportPublic:
    shown = None if ReporterShield(app, caller).hides(actor, intake=True) else actor
    submitted = next(iter(app.repository.event_store.get(report.id, lte=1)))
    assert isinstance(submitted, PublicReport.Submitted)  # a report's first event is always its submission
    return ReportPublic(
        id=report.id, version=report.version, village_id=report.village_id, place=report.place,
        description=report.description, evidence=[EvidenceIn(**e) for e in submitted.evidence],
        stage=report.stage, problem_id=report.problem_id, reward=report.reward, submitted_at=submitted_at,
        submitted_by=shown, named=report.identity is not None, identity_forgotten=report.identity_forgotten,
    )


@router.post("", status_code=201, name="reports.submit")
def submit_report(body: ReportSubmit, app: AppDep, caller: CallerDep) -> CommandResult:
    """Submit a report with photo or video evidence; the name and contact are sealed at once."""
    name, contact = body.reporter_name.strip(), body.reporter_contact.strip()
    identity = json.dumps({"name": name, "contact": contact}, ensure_ascii=False) if name or contact else None
    return result(
        app.submit_public_report(
            body.village_id, body.place, body.description, evidence(body.evidence), caller.username,
            reporter=identity, occurred_at=body.occurred_at,
        )
    )


@router.get("/mine", name="reports.mine")
def my_reports(
    store: ReadStoreDep,
    app: AppDep,
    caller: CallerDep,
    page: PageQuery = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[ReportPublic]:
    """The reports you submitted, newest first, with where each stands."""
    found = audit.created_by(store, caller.username, "PublicReport.Submitted", page_size, (page - 1) * page_size)
    reports = []
    for e in found.events:
        report = app.public_report(uuid.UUID(e.aggregate_id))
        reports.append(report_public(app, caller, report, caller.username, e.recorded_at))
    return reports


@router.get("/{report_id}", name="reports.get")
def get_report(report_id: uuid.UUID, app: AppDep, caller: CallerDep) -> ReportPublic:
    """A report and where it stands (a cadre sees their village's, never who made it)."""
    return report_public(app, caller, *reachable(app, caller, report_id))


@router.get("/{report_id}/identity", name="reports.identity")
def reporter_identity(report_id: uuid.UUID, app: AppDep, caller: CallerDep) -> ReporterIdentity:
    """The reporter's name and contact, for paying the reward (office staff only; gone once forgotten)."""
    sealed = app.reporter_identity(report_id)
    if sealed is None:
        raise NotFound("这是匿名举报，没有举报人信息", "the report is anonymous")
    try:
        parts = json.loads(sealed)
        name, contact = str(parts.get("name", "")), str(parts.get("contact", ""))
    except (ValueError, AttributeError):  # sealed as plain text by an earlier path
        name, contact = sealed, ""
    return ReporterIdentity(report_id=report_id, name=name, contact=contact)


@router.post("/{report_id}/confirm", name="reports.confirm")
def confirm_report(report_id: uuid.UUID, body: ReportConfirm, app: AppDep, caller: CallerDep) -> CommandResult:
    """The report checked and found true (核查属实)."""
    return result(app.confirm_report(report_id, caller.username, body.note))


@router.post("/{report_id}/link", name="reports.link_problem")
def link_problem(report_id: uuid.UUID, body: ReportLink, app: AppDep, caller: CallerDep) -> CommandResult:
    """Link the report to the problem it revealed."""
    return result(app.link_report_to_problem(report_id, body.problem_id, caller.username))


@router.post("/{report_id}/reward", name="reports.approve_reward")
def approve_reward(report_id: uuid.UUID, body: RewardApprove, app: AppDep, caller: CallerDep) -> CommandResult:
    """Approve the reward (not by whoever checked the report)."""
    return result(app.approve_report_reward(report_id, body.amount, caller.username))


@router.post("/{report_id}/reward/paid", name="reports.pay_reward")
def pay_reward(report_id: uuid.UUID, body: RewardPay, app: AppDep, caller: CallerDep) -> CommandResult:
    """Record the reward as paid, with the payment reference."""
    return result(app.pay_report_reward(report_id, body.reference, caller.username))


@router.post("/{report_id}/reject", name="reports.reject")
def reject_report(report_id: uuid.UUID, body: ReportReason, app: AppDep, caller: CallerDep) -> CommandResult:
    """Reject the report (不予采纳), with a reason."""
    return result(app.reject_report(report_id, body.reason, caller.username))


@router.post("/{report_id}/forget-identity", name="reports.forget_identity")
def forget_identity(report_id: uuid.UUID, body: ReportReason, app: AppDep, caller: CallerDep) -> CommandResult:
    """Destroy the reporter's key on a lawful request: the identity becomes unreadable everywhere."""
    return result(app.forget_reporter(report_id, body.reason, caller.username))
