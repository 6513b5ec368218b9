"""村排名, 月评比, 发放表, 年终考核: the assessment figures as ``AssessmentQueries`` answers them.

Each page names the rule version used; each figure links to the events behind it through a
``{"kind": "facts"}`` reference (expanded by ``projections.provenance``) read at the page's position.
"""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.paysheet import SHEET_KIND_LABELS, SHEET_STATUS_LABELS, PayLine, SheetKind
from domain.assessment.values import Month
from domain.errors import InvalidInput
from domain.people import Person
from projections.assessment_queries import AssessmentQueries, facts_ref
from taizhang.access.caller import Caller
from taizhang.access.own_rows import own_line, own_rating, sees_own_rows_only, whole_table_only
from taizhang.access.policy import allows
from taizhang.audit.reprint import pay_sheet_document, print_seal, rankings_document
from taizhang.exports.pay_sheet import adjustment_note
from web.access import check_page
from web.charts import score_bars
from web.download import XLSX, download
from web.figures import encode_ref
from web.params import whole_number
from web.render import now, render
from web.session import require_caller, workspace_of
from web.timeview import TimeView, time_view

router = APIRouter()
BASIS_LABELS = {"recorded": "按已编制的发放表", "due": "尚未编制：按已结账月份现在编制将得到的内容",
                "provisional": "月份未结账：临时计算，仅供参考"}


def month_asked(request: Request, view: TimeView) -> Month:
    text = (request.query_params.get("month") or "").strip()
    if not text:
        zone = workspace_of(request).app.local_zone
        return Month.of((view.as_of or now(request)).astimezone(zone).date())
    try:
        return Month.parse(text)
    except (ValueError, InvalidInput):
        raise InvalidInput(f"月份“{text}”无法识别，请用 2023-07 的格式", f"cannot read month {text!r}") from None


def facts_link(refs: Any, position: int) -> str | None:
    ref = facts_ref(refs, position)
    return encode_ref(ref) if ref["facts"] else None


def queries(request: Request) -> AssessmentQueries:
    return AssessmentQueries(workspace_of(request).reads)


def own_rows(caller: Caller, standings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A cadre sees their own village's row only."""
    if not caller.is_village_scoped:
        return standings
    return [s for s in standings if s["village_id"] == str(caller.village_id)]


@router.get("/rankings")
async def rankings_page(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "rankings")
    view = time_view(request, workspace_of(request).app.local_zone)
    month = month_asked(request, view)
    answer = await run_in_threadpool(queries(request).month, month, view.as_of)
    position = answer.snapshot.position
    rows = [{**s, "link": None if caller.is_village_scoped else facts_link(s["refs"], position)}
            for s in own_rows(caller, answer.standings)]
    chart = None
    if rows and not caller.is_village_scoped:
        prefix = request.scope.get("root_path", "")
        chart = score_bars([r["village_name"] for r in rows], [r["score"] for r in rows],
                           [f"{prefix}/provenance?ref={r['link']}" if r["link"] else None for r in rows])
    return render(request, "rankings.html", view=view, snapshot=answer.snapshot, answer=answer, month=month,
                  rows=rows, chart=chart)


@router.get("/rankings.xlsx")
async def rankings_workbook(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "rankings")
    whole_table_only(caller)
    workspace = workspace_of(request)
    view = time_view(request, workspace.app.local_zone)
    month = month_asked(request, view)
    answer = await run_in_threadpool(queries(request).month, month, view.as_of)
    position = answer.snapshot.position
    seal = await run_in_threadpool(print_seal, workspace.app, workspace.context.settings, rankings_document(month),
                                   position)
    content = await run_in_threadpool(workspace.app.export_rankings, month, position, seal)
    return download(content, XLSX, f"rankings-{month}.xlsx", f"各村排名-{month}.xlsx")


@router.get("/ratings")
async def ratings_page(request: Request) -> Response:
    """A cleaner sees their own rating; each row opens that cleaner's month."""
    caller = require_caller(request)
    check_page(caller, "ratings")
    workspace = workspace_of(request)
    view = time_view(request, workspace.app.local_zone)
    month = month_asked(request, view)
    answer = await run_in_threadpool(queries(request).month, month, view.as_of)
    shown = [r for r in answer.ratings if own_rating(caller, r)]
    names = await run_in_threadpool(person_names, workspace, [r["cleaner_id"] for r in shown])
    where = await run_in_threadpool(cleaner_villages, workspace, [r["cleaner_id"] for r in shown], month)
    linked = not sees_own_rows_only(caller)  # a figure's events are for township readers
    rows = [{**r, "name": names.get(r["cleaner_id"], r["cleaner_id"][:8]), "village": where.get(r["cleaner_id"], ""),
             "link": facts_link(r["refs"], answer.snapshot.position) if linked else None} for r in shown]
    return render(request, "ratings.html", view=view, snapshot=answer.snapshot, answer=answer, month=month, rows=rows)


def person_names(workspace: Any, ids: list[str]) -> dict[str, str]:
    names = {}
    for text in set(ids):
        names[text] = workspace.app.get(Person, uuid.UUID(text), "人员").name
    return names


def cleaner_villages(workspace: Any, ids: list[str], month: Month) -> dict[str, str]:
    found = workspace.app.cleaners_villages([uuid.UUID(text) for text in ids], month.last_day)
    return {str(k): v for k, v in found.items()}


def sheet_kind(request: Request) -> SheetKind:
    text = request.query_params.get("kind") or SheetKind.CLEANER_BONUS.value
    try:
        return SheetKind(text)
    except ValueError:
        raise InvalidInput(f"没有“{text}”这种发放表", f"no pay sheet kind {text!r}") from None


@router.get("/pay-sheets")
def pay_sheet_page(request: Request) -> Response:
    """A cadre sees their village's lines, a cleaner their own, as the API answers them."""
    view = time_view(request, workspace_of(request).app.local_zone)
    return sheet_page(request, require_caller(request), sheet_kind(request), month_asked(request, view), view)


def sheet_page(request: Request, caller: Caller, kind: SheetKind, month: Month, view: TimeView, status: int = 200,
               error: str | None = None, form: Any = None, failed: str = "") -> Response:
    """The sheet at the moment viewed; now, with the step its state calls for (draft, approve, pay) if the
    caller's role may take it, and a refused step's words and form as typed."""
    check_page(caller, "pay_sheets")
    workspace = workspace_of(request)
    answer = queries(request).pay_sheet(kind, month, view.as_of)
    position = answer.snapshot.position
    shown = [line for line in answer.lines if own_line(caller, line)]
    lines = pay_lines(workspace, shown, position, not sees_own_rows_only(caller))
    # A cleaner's bonus line names no village (it follows the cleaner's rating): shown by the post they held.
    where = cleaner_villages(workspace, [str(x.person_id) for x in shown if not x.village_name], month)
    for entry in lines:
        entry["village"] = entry["line"].village_name or where.get(str(entry["line"].person_id), "")
    state = answer.sheet.status if answer.sheet else None
    return render(request, "pay_sheet.html", status=status, view=view, snapshot=answer.snapshot, answer=answer,
                  month=month, kind=kind, kinds=SHEET_KIND_LABELS, lines=lines,
                  total=sum((x.amount for x in shown), 0), whole_table=not sees_own_rows_only(caller),
                  status_label=SHEET_STATUS_LABELS.get(state) if state else None,
                  sheet_status=state.value if state else answer.basis, basis_label=BASIS_LABELS[answer.basis],
                  steps=None if view.is_past else sheet_steps(workspace, caller, kind, month, answer.basis),
                  error=error, form=form or {}, failed=failed)


def sheet_steps(workspace: Any, caller: Caller, kind: SheetKind, month: Month, basis: str) -> dict[str, Any]:
    """The recorded sheet's state for its forms: who drafted and approved it, its version, what may be done."""
    sheet = workspace.app.pay_sheet(kind, month)
    names = workspace.names
    if sheet is None:
        return {"draft": basis == "due" and allows("pay_sheets.draft", caller.role), "version": None}
    state = sheet.status.value
    return {
        "draft": state == "draft" and allows("pay_sheets.draft", caller.role),
        "approve": state == "draft" and allows("pay_sheets.approve", caller.role),
        "pay": state == "approved" and allows("pay_sheets.paid", caller.role),
        "drafters": "、".join(names.name(d) for d in sorted(sheet.drafters)),
        "approver": names.name(sheet.approver) if sheet.approver else "",
        "approved_on": getattr(sheet, "approved_on", None), "version": sheet.version,
    }


def pay_lines(workspace: Any, lines: list[PayLine], position: int, linked: bool) -> list[dict[str, Any]]:
    """Each line with its note (an adjustment's cause named) and, for township readers, its events' link."""
    causes = {c.position for line in lines for c in line.causes}
    labels = {p: workspace.app.cause_label(p) for p in causes}
    return [{"line": line, "link": facts_link([*line.refs, *line.causes], position) if linked else None,
             "note": adjustment_note(line, labels) if line.is_adjustment else line.basis,
             "causes": [(labels[c.position], facts_link([c], position)) for c in line.causes] if linked else []}
            for line in lines]


@router.get("/pay-sheets.xlsx")
async def pay_sheet_workbook(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "pay_sheets")
    whole_table_only(caller)
    workspace = workspace_of(request)
    view = time_view(request, workspace.app.local_zone)
    month = month_asked(request, view)
    kind = sheet_kind(request)
    position = None
    if view.as_of is not None:  # the sheet as it stood then (approved, not yet paid), not as it is now
        position = (await run_in_threadpool(queries(request).pay_sheet, kind, month, view.as_of)).snapshot.position
    head = position or workspace.app.recorder.max_notification_id() or 0
    seal = await run_in_threadpool(print_seal, workspace.app, workspace.context.settings,
                                   pay_sheet_document(kind, month), head)
    content = await run_in_threadpool(workspace.app.export_pay_sheet, kind, month, seal, position)
    return download(content, XLSX, f"{kind.value}-{month}.xlsx", f"{SHEET_KIND_LABELS[kind]}-{month}.xlsx")


@router.get("/year-end")
def year_end_page(request: Request) -> Response:
    workspace = workspace_of(request)
    view = time_view(request, workspace.app.local_zone)
    this_year = (view.as_of or now(request)).astimezone(workspace.app.local_zone).year
    year = whole_number(request.query_params.get("year"), "年份", 2000, 2100) or this_year
    return year_end_view(request, require_caller(request), year, view)


def year_end_view(request: Request, caller: Caller, year: int, view: TimeView, status: int = 200,
                  error: str | None = None) -> Response:
    """The year's assessment at the moment viewed; now, whether it is frozen and (for whom it may) the freezing."""
    check_page(caller, "year_end")
    workspace = workspace_of(request)
    assessed, snap = queries(request).year_end(year, view.as_of)
    rows = [{"a": a, "link": facts_link([e.ref for e in a.entries] + [c.ref for c in a.cases], snap.position),
             "cases": [(c, facts_link([c.ref], snap.position)) for c in a.cases]} for a in assessed]
    frozen = None if view.is_past else workspace.app.year_end_record(year)
    return render(request, "year_end.html", status=status, view=view, snapshot=snap, year=year, rows=rows,
                  error=error, frozen=frozen,
                  may_freeze=not view.is_past and frozen is None and allows("year_end.freeze", caller.role))
