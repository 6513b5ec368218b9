"""Object-level limits: a cadre sees only their village, a public reporter only their own reports.

Whatever lies outside the caller's reach answers 404, as if it did not exist, never 403 and never data.
"""

from __future__ import annotations

import uuid

from domain.account import AccessRole
from domain.assessment.letters import LetterKind, ResponsibilityLetter
from domain.errors import InvalidInput, NotFound
from domain.problem import Problem
from domain.vocabulary import Source
from taizhang.access.caller import Caller
from taizhang.access.refusals import NotPermitted


def check_village(caller: Caller, village_id: uuid.UUID) -> None:
    if caller.is_village_scoped and village_id != caller.village_id:
        raise NotFound(f"找不到村 {village_id}", f"no village {village_id}")


def check_problem(caller: Caller, problem: Problem) -> None:
    hidden = (caller.is_village_scoped and problem.village_id != caller.village_id) or (
        caller.role == AccessRole.PUBLIC_REPORTER and problem.registered_by != caller.username
    )
    if hidden:
        raise NotFound(f"找不到问题 {problem.id}", f"no problem {problem.id}")


def check_letter(caller: Caller, letter: ResponsibilityLetter) -> None:
    """A cadre handles their own village's 门前五包 letters, and sees no other."""
    if caller.is_village_scoped and (
        letter.village_id != caller.village_id or letter.kind != LetterKind.FIVE_GUARANTEES
    ):
        raise NotFound(f"找不到责任书 {letter.id}", f"no letter {letter.id}")


def check_letter_draft(caller: Caller, village_id: uuid.UUID, kind: LetterKind) -> None:
    """A cadre drafts household letters for their own village only."""
    check_village(caller, village_id)
    if caller.is_village_scoped and kind != LetterKind.FIVE_GUARANTEES:
        raise NotPermitted("村干部只能管理本村的门前五包责任书", "a village cadre manages household letters only")


def check_source(caller: Caller, source: Source) -> None:
    """A public reporter registers public reports (群众举报) and nothing else."""
    if caller.role == AccessRole.PUBLIC_REPORTER and source != Source.PUBLIC_REPORT:
        raise InvalidInput(
            "群众举报人只能登记来源为“群众举报”的问题", "a public reporter may only register public reports"
        )
