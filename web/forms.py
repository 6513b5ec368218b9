"""Reading the values of a submitted form: times in the township's zone, deadlines, evidence, resources."""

from __future__ import annotations

from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from starlette.datastructures import FormData, UploadFile

from domain.acts import Evidence, Resources
from domain.errors import InvalidInput
from taizhang.commands.problems import DeadlineRequest
from web.timeview import parse_day, parse_moment
from web.workspace import Workspace


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def occurred_at(form: FormData, zone: tzinfo) -> datetime | None:
    """When it happened, as given (a late entry names the past); empty means now."""
    given = text(form, "occurred_at")
    return parse_moment(given, zone, "发生时间") if given else None


def deadline(form: FormData) -> DeadlineRequest:
    days = text(form, "working_days")
    if days and not days.isdigit():
        raise InvalidInput(f"工作日数“{days}”应为正整数", f"working days {days!r} is not a whole number")
    return DeadlineRequest(due=parse_day(text(form, "due"), "截止日期"), working_days=int(days) if days else None)


def evidence_from(workspace: Workspace, form: FormData) -> list[Evidence]:
    """The uploaded files, each kept by its sha256 before the record names it."""
    kept = []
    for upload in form.getlist("evidence"):
        if isinstance(upload, UploadFile) and upload.filename:
            content = upload.file.read()
            kept.append(workspace.evidence.keep(upload.filename, upload.content_type or "", content))
    return kept


def resources(form: FormData) -> Resources:
    def whole(name: str, label: str) -> int:
        given = text(form, name) or "0"
        if not given.isdigit():
            raise InvalidInput(f"{label}“{given}”应为非负整数", f"{name} {given!r} is not a whole number")
        return int(given)

    tonnes = text(form, "tonnes_cleared") or "0"
    try:
        cleared = Decimal(tonnes)
    except InvalidOperation:
        raise InvalidInput(f"清运吨数“{tonnes}”不是数字", f"tonnes {tonnes!r} is not a number") from None
    if cleared < 0 or not cleared.is_finite():
        raise InvalidInput("清运吨数不能为负数", "tonnes may not be negative")
    return Resources(
        labour_person_times=whole("labour_person_times", "人工人次"),
        machinery_unit_times=whole("machinery_unit_times", "机械台次"),
        tonnes_cleared=cleared,
        buildings_demolished=whole("buildings_demolished", "拆除处数"),
    )
