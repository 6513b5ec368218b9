"""The problem lifecycle: commands as POSTs on /problems, and the problem with its whole timeline."""

from __future__ import annotations

import uuid

from fastapi import Response

from api.deps import AppDep, CallerDep, IfMatchDep, expected_version
from api.routes import resource_router, result
from api.schemas.common import CommandResult
from api.schemas.problems import EventPublic, ProblemPublic
from domain.acts import Evidence, Resources, as_fact
from domain.errors import InvalidInput
from domain.problem import Problem
from domain.vocabulary import STAGE_LABELS
from taizhang.access.caller import Caller
from taizhang.access.objects import check_problem, check_source, check_village
from taizhang.access.reporters import ReporterShield
from taizhang.application import Taizhang
from taizhang.commands.problems import DeadlineRequest
from taizhang.documents.problems import (
    DeadlineExtend,
    DeadlineIn,
    EvidenceIn,
    ProblemAssign,
    ProblemClose,
    ProblemCreate,
    ProblemReopen,
    ProblemVoid,
    RectificationReport,
    Verification,
    as_location,
)

router = resource_router("/problems", "problems")
_ENVELOPE = {"originator_id", "originator_version", "originator_topic", "timestamp", "actor", "occurred_at"}


def evidence(items: list[EvidenceIn]) -> list[Evidence]:
    return [Evidence(e.sha256, e.name, e.media_type) for e in items]


def deadline(given: DeadlineIn) -> DeadlineRequest:
    return DeadlineRequest(due=given.due, working_days=given.working_days)


def reachable(app: Taizhang, caller: Caller, problem_id: uuid.UUID) -> Problem:
    problem = app.problem(problem_id)
    check_problem(caller, problem)
    return problem


@router.post("", status_code=201, name="problems.register")
def register_problem(body: ProblemCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Register a problem found in the township (登记)."""
    check_source(caller, body.source)
    check_village(caller, body.village_id)
    outcome = app.register_problem(
        body.source, body.category, body.village_id, body.place, body.description, caller.username,
        occurred_at=body.occurred_at, evidence=evidence(body.evidence), group_id=body.group_id,
        location=as_location(body.location),
    )
    return result(outcome)


@router.get("/{problem_id}", name="problems.get")
def get_problem(problem_id: uuid.UUID, app: AppDep, caller: CallerDep, response: Response) -> ProblemPublic:
    """The problem as it stands, with every step of its record (from the aggregate itself)."""
    problem = reachable(app, caller, problem_id)
    response.headers["ETag"] = f'"{problem.version}"'
    today = app.clock.now().astimezone(app.local_zone).date()
    return ProblemPublic(
        id=problem.id,
        version=problem.version,
        source=problem.source,
        category=problem.category,
        village_id=problem.village_id,
        group_id=problem.group_id,
        place=problem.place,
        description=problem.description,
        stage=problem.stage,
        stage_label=STAGE_LABELS[problem.stage],
        unit_kind=problem.unit_kind,
        unit_id=problem.unit_id,
        deadline=problem.deadline.due if problem.deadline else None,
        deadline_working_days=problem.deadline.working_days if problem.deadline else None,
        overdue_today=problem.is_overdue_on(today),
        rectification_count=problem.rectification_count,
        sent_back_count=problem.sent_back_count,
        extension_count=problem.extension_count,
        reopen_count=problem.reopen_count,
        closed_on_time=problem.closed_on_time,
        void_kind=problem.void_kind,
        original_id=problem.original_id,
        timeline=timeline(app, problem, ReporterShield(app, caller)),
    )


def timeline(app: Taizhang, problem: Problem, shield: ReporterShield) -> list[EventPublic]:
    steps = []
    for event in map(as_fact, app.repository.event_store.get(problem.id)):
        actor = shield.of_event(event) or ""
        steps.append(
            EventPublic(
                version=event.originator_version,
                type=type(event).__name__,
                actor=actor,
                occurred_at=event.occurred_at,
                recorded_at=event.timestamp,
                details={k: v for k, v in event.__dict__.items() if k not in _ENVELOPE},
            )
        )
    return steps


@router.post("/{problem_id}/assign", name="problems.assign")
def assign_problem(
    problem_id: uuid.UUID, body: ProblemAssign, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Assign the problem to a village or group with a deadline (限期督办)."""
    reachable(app, caller, problem_id)
    return result(
        app.assign_problem(
            problem_id, deadline(body.deadline), caller.username, occurred_at=body.occurred_at,
            unit_kind=body.unit_kind, unit_id=body.unit_id, note=body.note,
            expected_version=expected_version(if_match, body.expected_version),
        )
    )


@router.post("/{problem_id}/extend", name="problems.extend_deadline")
def extend_deadline(
    problem_id: uuid.UUID, body: DeadlineExtend, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Extend the deadline, with a reason and the approver who allowed it."""
    reachable(app, caller, problem_id)
    return result(
        app.extend_deadline(
            problem_id, deadline(body.deadline), body.reason, body.approver, caller.username,
            occurred_at=body.occurred_at, expected_version=expected_version(if_match, body.expected_version),
        )
    )


@router.post("/{problem_id}/rectification", name="problems.report_rectification")
def report_rectification(
    problem_id: uuid.UUID, body: RectificationReport, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Report the rectification done, with evidence and the resources it took."""
    reachable(app, caller, problem_id)
    resources = Resources(**body.resources.model_dump())
    return result(
        app.report_rectification(
            problem_id, body.description, evidence(body.evidence), resources, caller.username,
            occurred_at=body.occurred_at, expected_version=expected_version(if_match, body.expected_version),
        )
    )


@router.post("/{problem_id}/verification", name="problems.verify")
def verify_rectification(
    problem_id: uuid.UUID, body: Verification, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Verify the reported rectification: pass it, or send it back with a reason (not by its reporter)."""
    reachable(app, caller, problem_id)
    version = expected_version(if_match, body.expected_version)
    if body.outcome == "pass":
        if body.reason:
            raise InvalidInput(
                "验收通过时请用 note 填写说明，reason 仅用于退回", "use note when passing; reason is for sending back"
            )
        outcome = app.pass_verification(problem_id, caller.username, body.occurred_at, body.note, version)
    else:
        outcome = app.send_back(problem_id, body.reason, caller.username, body.occurred_at, version)
    return result(outcome)


@router.post("/{problem_id}/close", name="problems.close")
def close_problem(
    problem_id: uuid.UUID, body: ProblemClose, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Close the problem after a passed verification (对账销号)."""
    reachable(app, caller, problem_id)
    return result(
        app.close_problem(
            problem_id, caller.username, body.occurred_at, body.note, expected_version(if_match, body.expected_version)
        )
    )


@router.post("/{problem_id}/reopen", name="problems.reopen")
def reopen_problem(
    problem_id: uuid.UUID, body: ProblemReopen, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Reopen a closed problem, with a reason and a new deadline."""
    reachable(app, caller, problem_id)
    return result(
        app.reopen_problem(
            problem_id, body.reason, deadline(body.deadline), caller.username, body.occurred_at,
            expected_version(if_match, body.expected_version),
        )
    )


@router.post("/{problem_id}/void", name="problems.void")
def void_problem(
    problem_id: uuid.UUID, body: ProblemVoid, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Void a duplicate or mistaken registration, with a reason; it stays on record."""
    reachable(app, caller, problem_id)
    return result(
        app.void_problem(
            problem_id, body.kind, body.reason, caller.username, body.original_id, body.occurred_at,
            expected_version(if_match, body.expected_version),
        )
    )
