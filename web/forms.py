"""Reading a submitted form into the input documents the API takes (``taizhang.documents``), so that the
web refuses exactly what the API refuses: times in the township's zone, deadlines, evidence, resources."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

from pydantic import BaseModel, ValidationError
from starlette.datastructures import FormData, UploadFile

from domain.acts import Evidence
from domain.errors import InvalidInput
from domain.words import FIELD_LABELS, RESOURCE_LABELS
from taizhang.access.caller import Caller
from taizhang.commands.problems import DeadlineRequest
from taizhang.documents.errors import first_refusal
from taizhang.documents.problems import EvidenceIn
from web.timeview import parse_day, parse_moment
from web.workspace import Workspace

D = TypeVar("D", bound=BaseModel)
CHUNK = 1024 * 1024
def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def expected_version(form: FormData) -> int | None:
    """The version a form was drawn at (its hidden field), or None: a stale form is then refused by the command."""
    seen = text(form, "expected_version")
    return int(seen) if _digits(seen) else None


def whole_number(form: FormData, name: str, label: str) -> int:
    """A count as the documents take it; words, a fraction or other scripts' digits are refused in words."""
    given = text(form, name)
    if not _digits(given):
        raise InvalidInput(f"{label}“{given}”应为非负整数", f"{name} {given!r} is not a whole number")
    return int(given)


def _digits(given: str) -> bool:
    # ASCII only: str.isdigit() also admits "²" and other scripts' digits, which int() then refuses.
    return given.isascii() and given.isdigit() and len(given) <= 9


def validated(model: type[D], **values: Any) -> D:
    """The document the API would take, or the first thing wrong with the form in the township's words."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise first_refusal(error.errors(), _label) from None


def check_before_files(model: type[BaseModel], **values: Any) -> None:
    """Everything but the evidence, checked before any uploaded file is kept."""
    try:
        model.model_validate(values)
    except ValidationError as error:
        rest = [e for e in error.errors() if e["loc"][:1] != ("evidence",)]
        if rest:
            raise first_refusal(rest, _label) from None


def _label(name: str) -> str | None:
    if name in RESOURCE_LABELS:
        return RESOURCE_LABELS[name][0]
    return FIELD_LABELS.get(name)


def occurred_at(form: FormData, zone: tzinfo) -> datetime | None:
    """When it happened, as given (a late entry names the past); empty means now."""
    given = text(form, "occurred_at")
    return parse_moment(given, zone, "发生时间") if given else None


def deadline(form: FormData) -> dict[str, Any]:
    """The form's deadline as the documents' ``DeadlineIn`` takes it: a day or a number of working days."""
    days = text(form, "working_days")
    if days and not days.isdigit():
        raise InvalidInput(f"工作日数“{days}”应为正整数", f"working days {days!r} is not a whole number")
    asked = DeadlineRequest(due=parse_day(text(form, "due"), "截止日期"), working_days=int(days) if days else None)
    return {"due": asked.due, "working_days": asked.working_days}


def chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK):
        yield chunk


def evidence_from(workspace: Workspace, caller: Caller, form: FormData) -> list[dict[str, str]]:
    """The uploaded files, each streamed into the evidence store (as ``POST /evidence`` stores them) and noted
    as this caller's upload, then named as the documents' ``EvidenceIn`` names a file."""
    kept = []
    context = workspace.context
    for upload in form.getlist("evidence"):
        if isinstance(upload, UploadFile) and upload.filename:
            stored = context.evidence.put(chunks(upload.file), upload.content_type or "")
            context.uploads.note(stored.sha256, caller.username, workspace.app.clock.now())
            kept.append({"sha256": stored.sha256, "name": Path(upload.filename).name[:200],
                         "media_type": stored.media_type})
    return kept


def as_evidence(items: list[EvidenceIn]) -> list[Evidence]:
    return [Evidence(e.sha256, e.name, e.media_type) for e in items]


def resources(form: FormData) -> dict[str, Any]:
    """The resources a rectification used, as the documents' ``ResourcesIn`` takes them."""

    def whole(name: str) -> int:
        given = text(form, name) or "0"
        if not given.isdigit():
            label = RESOURCE_LABELS[name][0]
            raise InvalidInput(f"{label}“{given}”应为非负整数", f"{name} {given!r} is not a whole number")
        return int(given)

    return {
        "labour_person_times": whole("labour_person_times"),
        "machinery_unit_times": whole("machinery_unit_times"),
        "tonnes_cleared": text(form, "tonnes_cleared") or "0",
        "buildings_demolished": whole("buildings_demolished"),
    }
