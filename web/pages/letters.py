"""责任书: coverage per village, a village's letters, a letter's terms and signatures, and the forms of each step.

A village cadre sees and handles their own village's 门前五包 letters only (``taizhang.access.objects``), as
the API lets them; the office handles every letter and records household counts. Each step is the API
route of the same name (``letters.*``, ``villages.count_households``) through ``web.actions.record_form``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.letters import LETTER_KIND_LABELS, SIDES, LetterKind, ResponsibilityLetter
from domain.errors import NotFound
from projections.assessment_queries import AssessmentQueries
from taizhang.access.caller import Caller
from taizhang.access.objects import check_letter
from taizhang.access.policy import allows
from web.access import check_page
from web.pages.assessment import facts_link
from web.render import as_uuid, now, render, villages
from web.session import require_caller, workspace_of

router = APIRouter()


def letters_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                 form: Any = None, failed: str = "") -> Response:
    check_page(caller, "letters")
    workspace = workspace_of(request)
    today = now(request).date()
    shown = [v for v in villages(request) if not caller.is_village_scoped or v.id == caller.village_id]
    asked = as_uuid((form or {}).get("village_id") or request.query_params.get("village"))
    village = next((v for v in shown if v.id == asked), shown[0] if shown else None)
    coverage, snap = AssessmentQueries(workspace.reads).coverage(
        today, None, caller.village_id if caller.is_village_scoped else None)
    records, _ = AssessmentQueries(workspace.reads).records("letter")
    letters = sorted(
        (r for r in records if village is not None and r["village_id"] == str(village.id)
         and (not caller.is_village_scoped or r["kind"] == LetterKind.FIVE_GUARANTEES.value)),
        key=lambda r: (r["kind"], r["household"]))
    kinds = {k: label for k, label in LETTER_KIND_LABELS.items()
             if not caller.is_village_scoped or k == LetterKind.FIVE_GUARANTEES}
    return render(request, "letters.html", status=status, error=error, form=form or {}, failed=failed,
                  villages=shown, village=village, today=today, snapshot=snap, letters=letters, kinds=kinds,
                  coverage=[{"c": c, "link": facts_link(c.refs, snap.position)} for c in coverage],
                  may=lambda route: allows(route, caller.role))


@router.get("/letters")
def letters(request: Request) -> Response:
    return letters_page(request, require_caller(request))


def reachable(request: Request, caller: Caller, letter_id: str) -> ResponsibilityLetter:
    found = as_uuid(letter_id)
    if found is None:
        raise NotFound("找不到该责任书", f"no letter {letter_id!r}")
    letter = workspace_of(request).app.letter(found)
    check_letter(caller, letter)
    return letter


def letter_page(request: Request, caller: Caller, letter_id: str, status: int = 200, error: str | None = None,
                form: Any = None, failed: str = "") -> Response:
    check_page(caller, "letters")
    letter = reachable(request, caller, letter_id)
    village = next((v for v in villages(request) if v.id == letter.village_id), None)
    signed = [e for e in workspace_of(request).app.events.get(letter.id)
              if isinstance(e, ResponsibilityLetter.Signed)]
    return render(request, "letter.html", status=status, error=error, form=form or {}, failed=failed,
                  letter=letter, village=village, kind=LETTER_KIND_LABELS[letter.kind], sides=SIDES,
                  signed=signed[-len(letter.signatures):] if letter.signatures else [], today=now(request).date(),
                  in_force=letter.in_force_on(now(request).date()), may=lambda route: allows(route, caller.role))


@router.get("/letters/{letter_id}")
def one_letter(request: Request, letter_id: str) -> Response:
    return letter_page(request, require_caller(request), letter_id)
