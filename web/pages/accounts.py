"""账号: who may sign in, as what and for which village, naming their person; and one's own password.

An administrator opens, changes, links, disables and resets accounts (each an event with who, when and
why); everyone changes their own password, which ends every earlier sign-in and starts a fresh one here.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from domain.account import ACCESS_ROLE_LABELS, AccessRole, Account
from domain.errors import DomainError, InvalidInput, NotFound
from taizhang.access.caller import Caller
from taizhang.access.policy import allows
from taizhang.commands.base import Outcome
from taizhang.documents.accounts import (
    AccessChange,
    AccountCreate,
    AccountDisable,
    PasswordChange,
    PasswordReset,
    PersonLink,
)
from taizhang.http_status import status_of
from taizhang.names import PeopleNames
from web.access import check_page
from web.actions import check_step, record_form
from web.forms import text, validated
from web.render import as_uuid, redirect, render
from web.session import check_csrf, require_caller, start_session, workspace_of
from web.workspace import Workspace

router = APIRouter()
ROLE_CHOICES = {role.value: label for role, label in ACCESS_ROLE_LABELS.items()}


def accounts_page(request: Request, caller: Caller, status: int = 200, error: str | None = None,
                  form: Any = None) -> Response:
    check_page(caller, "accounts")
    app = workspace_of(request).app
    names = PeopleNames(app)
    villages = {v.id: v.name for v in app.villages()}
    rows = [{"account": a, "name": names.name(a.username),
             "village": villages.get(a.village_id, "") if a.village_id else ""} for a in app.accounts()]
    return render(request, "setup_accounts.html", status=status, rows=rows, error=error, form=form or {},
                  roles=ROLE_CHOICES, villages=app.villages(), people=sorted(app.people(), key=lambda p: p.name),
                  may_open=allows("accounts.open", caller.role))


@router.get("/setup/accounts")
async def accounts(request: Request) -> Response:
    caller = require_caller(request)
    return await run_in_threadpool(accounts_page, request, caller)


def chosen_role(form: FormData) -> str:
    role = text(form, "access_role")
    if role not in AccessRole._value2member_map_:
        raise InvalidInput("请选择账号的权限", "choose the access role")
    return role


@router.post("/setup/accounts")
async def open_account(request: Request) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        body = validated(AccountCreate, username=text(form, "username"), password=str(form.get("password", "")),
                         access_role=chosen_role(form), village_id=as_uuid(text(form, "village_id")),
                         display_name=text(form, "display_name"), person_id=as_uuid(text(form, "person_id")))
        return ws.context.desk.open(body.username, body.password, body.access_role, caller.username,
                                    body.village_id, body.display_name, person_id=body.person_id)

    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        kept = {k: v for k, v in form.items() if k != "password"}  # a password is never sent back
        return accounts_page(request, caller, status, message, kept)

    return await record_form(request, "accounts.open", run, again, "/setup/accounts?done=1")


# --- one account ------------------------------------------------------------------------------------


def account_of(workspace: Workspace, username: str) -> Account:
    found = workspace.app.find_account(username)
    if found is None:
        raise NotFound(f"找不到账号 {username}", f"no account {username}")
    return found


def account_page(request: Request, caller: Caller, username: str, status: int = 200, error: str | None = None,
                 form: Any = None, failed: str = "") -> Response:
    check_page(caller, "accounts")
    workspace = workspace_of(request)
    app = workspace.app
    account = account_of(workspace, username)
    return render(request, "setup_account.html", status=status, account=account,
                  name=PeopleNames(app).name(account.username), error=error, form=form or {}, failed=failed,
                  roles=ROLE_CHOICES, villages=app.villages(), people=sorted(app.people(), key=lambda p: p.name),
                  may={step: allows(f"accounts.{step}", caller.role)
                       for step in ("change_access", "link_person", "disable", "reset_password")})


@router.get("/setup/accounts/{username}")
async def account(request: Request, username: str) -> Response:
    caller = require_caller(request)
    return await run_in_threadpool(account_page, request, caller, username)


def refused_on(username: str, failed: str) -> Any:
    def again(request: Request, caller: Caller, form: FormData, status: int, message: str) -> Response:
        kept = {k: v for k, v in form.items() if k != "new_password"}
        return account_page(request, caller, username, status, message, kept, failed)

    return again


@router.post("/setup/accounts/{username}/access")
async def change_access(request: Request, username: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        account_of(ws, username)
        body = validated(AccessChange, access_role=chosen_role(form), village_id=as_uuid(text(form, "village_id")),
                         reason=text(form, "reason"))
        return ws.app.change_access(username, body.access_role, body.village_id, body.reason, caller.username)

    return await record_form(request, "accounts.change_access", run, refused_on(username, "access"),
                             f"/setup/accounts/{username}?done=1")


@router.post("/setup/accounts/{username}/person")
async def link_person(request: Request, username: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        account_of(ws, username)
        body = validated(PersonLink, person_id=as_uuid(text(form, "person_id")), reason=text(form, "reason"))
        return ws.app.link_account_person(username, body.person_id, body.reason, caller.username)

    return await record_form(request, "accounts.link_person", run, refused_on(username, "person"),
                             f"/setup/accounts/{username}?done=1")


@router.post("/setup/accounts/{username}/disable")
async def disable(request: Request, username: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        account_of(ws, username)
        body = validated(AccountDisable, reason=text(form, "reason"))
        return ws.app.disable_account(username, body.reason, caller.username)

    return await record_form(request, "accounts.disable", run, refused_on(username, "disable"),
                             f"/setup/accounts/{username}?done=1")


@router.post("/setup/accounts/{username}/password")
async def reset_password(request: Request, username: str) -> Response:
    def run(ws: Workspace, caller: Caller, form: FormData) -> Outcome:
        account_of(ws, username)
        body = validated(PasswordReset, new_password=str(form.get("new_password", "")))
        return ws.context.desk.change_password(username, body.new_password, caller.username)

    return await record_form(request, "accounts.reset_password", run, refused_on(username, "password"),
                             f"/setup/accounts/{username}?done=1")


# --- one's own password -------------------------------------------------------------------------------


@router.get("/account")
def own_account(request: Request) -> Response:
    caller = require_caller(request)
    check_page(caller, "account")
    return render(request, "account.html", done=bool(request.query_params.get("done")))


@router.post("/account/password")
async def change_own_password(request: Request) -> Response:
    caller = require_caller(request)
    check_step(caller, "accounts.change_own_password")
    await check_csrf(request)
    form = await request.form()
    workspace = workspace_of(request)
    context = workspace.context

    def run() -> Account:
        body = validated(PasswordChange, current_password=str(form.get("current_password", "")),
                         new_password=str(form.get("new_password", "")))
        if body.new_password != str(form.get("confirm_password", "")):
            raise InvalidInput("两次输入的新密码不一致", "the new password and its confirmation differ")
        context.desk.change_own_password(caller.username, body.current_password, body.new_password)
        return account_of(workspace, caller.username)

    try:
        changed = await run_in_threadpool(run)
    except DomainError as error:
        return render(request, "account.html", status=status_of(error), error=error.zh)
    # The change ended every earlier sign-in, this one's too: the person who changed it stays signed in here.
    token = context.tokens.issue(changed.username, context.application.clock.now(), changed.sign_in_generation)
    response = redirect(request, "/account?done=1")
    start_session(response, token, int(context.tokens.lifetime.total_seconds()), request.url.scheme == "https")
    return response
