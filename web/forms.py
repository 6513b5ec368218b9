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
from taizhang.access.caller import Caller
from taizhang.commands.problems import DeadlineRequest
from taizhang.documents.problems import EvidenceIn
from web.labels import FIELD_LABELS, RESOURCE_LABELS
from web.timeview import parse_day, parse_moment
from web.workspace import Workspace

D = TypeVar("D", bound=BaseModel)
CHUNK = 1024 * 1024
# What each kind of pydantic refusal says to a clerk; the field's own label goes before it.
_SAYS = {
    "string_too_long": "最多 {max_length} 字",
    "string_too_short": "不能为空",
    "missing": "不能为空",
    "too_short": "至少需要 {min_length} 项",
    "too_long": "最多 {max_length} 项",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "greater_than": "须大于 {gt}",
    "less_than": "须小于 {lt}",
    "decimal_parsing": "须为数字",
    "int_parsing": "须为整数",
    "uuid_parsing": "无法识别（须为完整编号）",
}


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def validated(model: type[D], **values: Any) -> D:
    """The document the API would take, or the first thing wrong with the form in the township's words."""
    try:
        return model.model_validate(values)
    except ValidationError as error:
        raise _refusal(error.errors()[0]) from None


def check_before_files(model: type[BaseModel], **values: Any) -> None:
    """Everything but the evidence, checked before any uploaded file is kept."""
    try:
        model.model_validate(values)
    except ValidationError as error:
        rest = [e for e in error.errors() if e["loc"][:1] != ("evidence",)]
        if rest:
            raise _refusal(rest[0]) from None


def _refusal(first: Any) -> InvalidInput:
    """The first thing wrong with a form, said with the field's label."""
    names = [str(part) for part in first["loc"] if isinstance(part, str)]
    label = next((_label(n) for n in reversed(names) if _label(n)), "填写的内容")
    says = _SAYS.get(first["type"])
    if says is not None:
        reason = says.format(**(first.get("ctx") or {}))
    elif "control characters" in first["msg"]:
        reason = "含有不可见的控制字符，请删去后重试"
    elif "2000-01-01" in first["msg"]:
        reason = "须在 2000-01-01 至 2100-12-31 之间"
    else:
        reason = "不符合要求"
    where = ".".join(str(part) for part in first["loc"]) or "(form)"
    return InvalidInput(f"{label}{reason}", f"{where}: {first['msg']}")


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
