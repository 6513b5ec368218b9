"""Object-level limits: a cadre sees only their village, a public reporter only their own reports.

Whatever lies outside the caller's reach answers 404, as if it did not exist, never 403 and never data.
"""

from __future__ import annotations

import uuid

from domain.account import AccessRole
from domain.errors import InvalidInput, NotFound
from domain.problem import Problem
from domain.vocabulary import Source
from taizhang.access.caller import Caller


def check_village(caller: Caller, village_id: uuid.UUID) -> None:
    if caller.is_village_scoped and village_id != caller.village_id:
        raise NotFound(f"找不到村 {village_id}", f"no village {village_id}")


def check_problem(caller: Caller, problem: Problem) -> None:
    hidden = (caller.is_village_scoped and problem.village_id != caller.village_id) or (
        caller.role == AccessRole.PUBLIC_REPORTER and problem.registered_by != caller.username
    )
    if hidden:
        raise NotFound(f"找不到问题 {problem.id}", f"no problem {problem.id}")


def check_source(caller: Caller, source: Source) -> None:
    """A public reporter registers public reports (群众举报) and nothing else."""
    if caller.role == AccessRole.PUBLIC_REPORTER and source != Source.PUBLIC_REPORT:
        raise InvalidInput(
            "群众举报人只能登记来源为“群众举报”的问题", "a public reporter may only register public reports"
        )
