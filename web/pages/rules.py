"""考核规则: the rule versions on record, and a new one adopted from its YAML or JSON document with a preview.

The document is the one ``POST /rules`` and ``taizhang rules adopt`` take (``RuleVersionIn``); the month
typed on the form, when given, is its effective month. The preview lists what it changes against the
version in force before it and records nothing; adopting is the API's ``rules.adopt``.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import yaml
from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from domain.assessment.rule_changes import rule_changes
from domain.assessment.rules import RuleVersion
from domain.assessment.values import Month
from domain.errors import DomainError, InvalidInput
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.commands.base import Outcome
from taizhang.documents.assessment import RuleVersionIn
from taizhang.http_status import status_of
from web.access import check_page
from web.actions import check_step, record_form
from web.forms import text, validated
from web.render import render
from web.rule_form import edited_version
from web.session import check_csrf, require_caller, workspace_of
from web.workspace import Workspace

router = APIRouter()
MAX_DOCUMENT = 256 * 1024


def versions(workspace: Workspace) -> list[RuleVersion]:
    try:
        return list(workspace.app.rule_book().versions)
    except DomainError:
        return []  # no rule book yet


def rules_page(request: Request, caller: Caller, status: int = 200, error: str | None = None, form: Any = None,
               document: str = "", preview: Any = None) -> Response:
    check_page(caller, "rules")
    workspace = workspace_of(request)
    known = versions(workspace)
    asked = (form or {}).get("base") or request.query_params.get("base")
    base = next((v for v in known if v.version_id == asked), known[-1] if known else None)
    return render(request, "rules.html", status=status, error=error, form=form or {}, document=document,
                  versions=known, preview=preview, may_adopt=allows("rules.adopt", caller.role), base=base,
                  edited=bool(form and form.get("base")))


def asked_version(workspace: Workspace, form: FormData, document: str) -> RuleVersion:
    """The version the form edits (``base`` given), or the one the document holds."""
    if text(form, "base"):
        return edited_version(versions(workspace), form)
    return rule_version(document, text(form, "month"))


@router.get("/rules")
def rules(request: Request) -> Response:
    return rules_page(request, require_caller(request))


async def document_text(form: FormData) -> str:
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(MAX_DOCUMENT + 1)
        if len(content) > MAX_DOCUMENT:
            raise InvalidInput("规则文件超过 256 KB", "the rules document is larger than 256 KB")
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput("规则文件须为 UTF-8 编码的 YAML 或 JSON", "the document is not UTF-8") from None
    return text(form, "document")


def rule_version(document: str, month_text: str) -> RuleVersion:
    """The document as the API reads it; a month typed on the form is its effective month."""
    if not document.strip():
        raise InvalidInput("请上传规则文件或粘贴其内容（YAML 或 JSON）", "give the rules document")
    try:
        read = json.loads(document) if document.lstrip().startswith("{") else yaml.safe_load(document)
    except (ValueError, yaml.YAMLError) as error:
        raise InvalidInput(f"规则文件不是有效的 YAML 或 JSON：{error}", f"not valid YAML/JSON: {error}") from None
    if not isinstance(read, dict):
        raise InvalidInput("规则文件应为一个 YAML 或 JSON 对象", "the rules document is not a mapping")
    if month_text:
        try:
            read["effective_from"] = Month.parse(month_text).first_day.isoformat()
        except (ValueError, InvalidInput):
            raise InvalidInput(f"生效月份“{month_text}”无法识别，请用 2024-01 的格式", "bad month") from None
    return RuleVersion.from_record(validated(RuleVersionIn, **read).as_record())


def in_force_before(workspace: Workspace, new: RuleVersion) -> RuleVersion | None:
    earlier = [v for v in versions(workspace) if v.effective_from < new.effective_from]
    return max(earlier, key=lambda v: v.effective_from) if earlier else None


@router.post("/rules/preview")
async def preview(request: Request) -> Response:
    """What the document would change; nothing is recorded."""
    caller = require_caller(request)
    check_step(caller, "rules.adopt")
    await check_csrf(request)
    form = await request.form()
    document = await document_text(form)
    workspace = workspace_of(request)

    def show() -> Response:
        try:
            new = asked_version(workspace, form, document)
        except DomainError as error:
            return rules_page(request, caller, status_of(error), error.zh, form, document)
        old = in_force_before(workspace, new)
        found = {"version": new, "before": old, "changes": rule_changes(old, new),
                 "until": next((v.effective_from - timedelta(days=1) for v in versions(workspace)
                                if v.effective_from > new.effective_from), None)}
        return rules_page(request, caller, 200, None, form, document, found)

    return await run_in_threadpool(show)


@router.post("/rules")
async def adopt(request: Request) -> Response:
    form_document: dict[str, str] = {}

    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        return ws.app.adopt_rules(asked_version(ws, form, form_document["text"]), caller.username)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        return rules_page(request, caller, status, message, form, form_document.get("text", ""))

    check_step(require_caller(request), "rules.adopt")  # refused before the upload is read
    form = await request.form()  # the document is read before the form is handed on: an upload is read once
    form_document["text"] = await document_text(form)
    return await record_form(request, "rules.adopt", run, again, "/rules?done=adopt")
