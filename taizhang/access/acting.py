"""Who a command acts as when it does not come with a signed-in request: a real account allowed the step.

The API and the web act as the signed-in caller. The command line names its account with
``--actor``; that name is checked here against the same accounts and the same policy table, so a
typed name that is no account, a disabled account, or a role the step is not given to is refused
before anything is recorded, and separation of duties compares accounts on every interface.
"""

from __future__ import annotations

from domain.account import ACCESS_ROLE_LABELS
from domain.errors import DomainError
from taizhang.access.caller import Caller
from taizhang.access.policy import POLICY, allows
from taizhang.access.refusals import NotPermitted
from taizhang.access.steps import step_label
from taizhang.application import Taizhang


class ActorNotAnAccount(DomainError):
    code = "actor_not_an_account"
    title = "记录人不是可用的账号"


def acting_as(app: Taizhang, username: str, route: str) -> Caller:
    """The account ``username`` as the caller of ``route``; refused unless it exists, is enabled and may."""
    if route not in POLICY:
        raise KeyError(f"no policy decision for {route!r}")  # a command naming a step the policy never decided
    account = app.find_account(username.strip())
    if account is None:
        raise ActorNotAnAccount(
            f"没有账号“{username}”：--actor 须为已开通的账号（taizhang accounts list 列出全部）",
            f"there is no account {username!r}: --actor must name an open account (see taizhang accounts list)",
        )
    if account.disabled:
        raise ActorNotAnAccount(
            f"账号“{username}”已停用，不能再以它记录", f"the account {username!r} is disabled and cannot act"
        )
    caller = Caller.of(account)
    if not allows(route, caller.role):
        raise NotPermitted(
            f"账号“{username}”（{ACCESS_ROLE_LABELS[caller.role]}）无权{step_label(route)}",
            f"the account {username!r} ({caller.role.value}) may not {route}",
        )
    return caller
