"""Which rows of an assessment figure a caller sees: a cadre their village's, a cleaner their own person's.

A cleaner's rows are found by the person their account names (``Account.person_id``), never by a
name: two people may share one. An account that names no person sees no one's rows. The API's
routes and the web pages both filter through here, so the two cannot disagree.
"""

from __future__ import annotations

import uuid
from typing import Any

from domain.account import AccessRole
from domain.assessment.paysheet import PayLine
from domain.errors import NotFound
from taizhang.access.caller import Caller
from taizhang.access.refusals import NotPermitted


def sees_own_rows_only(caller: Caller) -> bool:
    return caller.is_village_scoped or caller.role == AccessRole.CLEANER


def whole_table_only(caller: Caller) -> None:
    """A printed workbook shows every village and payee: not for a caller who sees only their own rows."""
    if sees_own_rows_only(caller):
        raise NotPermitted("打印表包含其他村和其他人的数据，你的账号只能查看本人（本村）的数据",
                           "the printed workbook shows everyone's rows; your account sees only its own")


def is_own_person(caller: Caller, person_id: uuid.UUID | str) -> bool:
    return caller.person_id is not None and str(caller.person_id) == str(person_id)


def own_line(caller: Caller, line: PayLine) -> bool:
    if caller.role == AccessRole.CLEANER:
        return is_own_person(caller, line.person_id)
    if caller.is_village_scoped:
        return line.village_id == caller.village_id
    return True


def own_rating(caller: Caller, rating: dict[str, Any]) -> bool:
    """A cleaner sees their own monthly rating; the township's readers see every cleaner's."""
    return caller.role != AccessRole.CLEANER or is_own_person(caller, rating["cleaner_id"])


def check_cleaner(caller: Caller, person_id: uuid.UUID) -> None:
    """A cleaner reads their own month only; another person's answers 404, as if there were none."""
    if caller.role == AccessRole.CLEANER and not is_own_person(caller, person_id):
        raise NotFound(f"找不到人员 {person_id}", f"no person {person_id}")
