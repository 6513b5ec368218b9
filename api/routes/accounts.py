"""Accounts: opened and managed by the township administrator; everyone sees and secures their own."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from api.deps import AppDep, CallerDep, ContextDep, IfMatchDep, expected_version
from api.routes import resource_router, result
from api.schemas.accounts import AccountPublic, ApiKeyIssued, ApiKeyPublic
from api.schemas.common import CommandResult
from domain.account import Account
from taizhang.documents.accounts import (
    AccessChange,
    AccountCreate,
    AccountDisable,
    ApiKeyCreate,
    PasswordChange,
    PasswordReset,
    PersonLink,
)

router = resource_router("/accounts", "accounts")
UsernamePath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_.-]{2,31}$")]
KeyIdPath = Annotated[str, Path(pattern=r"^[0-9a-f]{12}$")]


def account_public(account: Account) -> AccountPublic:
    return AccountPublic(
        id=account.id,
        version=account.version,
        username=account.username,
        display_name=account.display_name,
        access_role=account.access_role,
        village_id=account.village_id,
        person_id=account.person_id,
        disabled=account.disabled,
    )


@router.get("/me", name="accounts.me")
def my_account(app: AppDep, caller: CallerDep) -> AccountPublic:
    """The signed-in account."""
    return account_public(app.account(caller.username))


@router.post("/me/password", name="accounts.change_own_password")
def change_own_password(body: PasswordChange, context: ContextDep, caller: CallerDep) -> CommandResult:
    """Change your own password (the current one is required)."""
    return result(context.desk.change_own_password(caller.username, body.current_password, body.new_password))


@router.post("", status_code=201, name="accounts.open")
def open_account(body: AccountCreate, context: ContextDep, caller: CallerDep) -> CommandResult:
    """Open an account with an access role, naming its person (a cleaner's and a cadre's must)."""
    return result(
        context.desk.open(
            body.username, body.password, body.access_role, caller.username, body.village_id, body.display_name,
            body.person_id,
        )
    )


@router.get("", name="accounts.list")
def list_accounts(app: AppDep, caller: CallerDep) -> list[AccountPublic]:
    """Every account, in the order opened."""
    return [account_public(a) for a in app.accounts()]


@router.get("/{username}", name="accounts.get")
def get_account(username: UsernamePath, app: AppDep, caller: CallerDep) -> AccountPublic:
    """One account."""
    return account_public(app.account(username))


@router.post("/{username}/access", name="accounts.change_access")
def change_access(
    username: UsernamePath, body: AccessChange, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Change an account's access role or village, with a reason."""
    return result(
        app.change_access(
            username, body.access_role, body.village_id, body.reason, caller.username,
            expected_version(if_match, body.expected_version),
        )
    )


@router.post("/{username}/person", name="accounts.link_person")
def link_person(
    username: UsernamePath, body: PersonLink, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Name (or correct) the person who signs in with this account, with a reason."""
    return result(
        app.link_account_person(
            username, body.person_id, body.reason, caller.username, expected_version(if_match, body.expected_version)
        )
    )


@router.post("/{username}/disable", name="accounts.disable")
def disable_account(
    username: UsernamePath, body: AccountDisable, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Disable an account: its tokens and API keys stop working at once."""
    return result(
        app.disable_account(username, body.reason, caller.username, expected_version(if_match, body.expected_version))
    )


@router.post("/{username}/password", name="accounts.reset_password")
def reset_password(
    username: UsernamePath, body: PasswordReset, context: ContextDep, caller: CallerDep
) -> CommandResult:
    """Set a new password for an account (administrator's reset)."""
    return result(context.desk.change_password(username, body.new_password, caller.username))


@router.post("/{username}/api-keys", status_code=201, name="accounts.issue_api_key")
def issue_api_key(username: UsernamePath, body: ApiKeyCreate, context: ContextDep, caller: CallerDep) -> ApiKeyIssued:
    """Issue an API key for a machine client acting as this account (shown once, kept hashed)."""
    issued = context.desk.issue_api_key(username, body.label)
    return ApiKeyIssued(key_id=issued.key_id, api_key=issued.secret, label=issued.label)


@router.get("/{username}/api-keys", name="accounts.list_api_keys")
def list_api_keys(username: UsernamePath, context: ContextDep, caller: CallerDep) -> list[ApiKeyPublic]:
    """The account's API keys (never the keys themselves)."""
    context.application.account(username)
    return [
        ApiKeyPublic(key_id=k, label=label, created_at=created, revoked_at=revoked)
        for k, label, created, revoked in context.desk.credentials.api_keys(username)
    ]


@router.post("/{username}/api-keys/{key_id}/revoke", name="accounts.revoke_api_key")
def revoke_api_key(username: UsernamePath, key_id: KeyIdPath, context: ContextDep, caller: CallerDep) -> ApiKeyPublic:
    """Revoke one of the account's API keys."""
    context.desk.credentials.revoke_api_key(username, key_id, context.application.clock.now())
    for k, label, created, revoked in context.desk.credentials.api_keys(username):
        if k == key_id:
            return ApiKeyPublic(key_id=k, label=label, created_at=created, revoked_at=revoked)
    raise AssertionError("a revoked key is still listed")
