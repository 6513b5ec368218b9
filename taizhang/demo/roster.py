"""Who is who in the demo: the accounts to sign in with, as a table for the terminal."""

from __future__ import annotations

import random
import unicodedata

from domain.account import ACCESS_ROLE_LABELS, AccessRole
from domain.vocabulary import ROLE_LABELS, Role
from taizhang.application import Taizhang
from taizhang.demo.accounts import DEMO_PASSWORD, DemoAccount, plan_accounts
from taizhang.demo.township import VILLAGES, plan_township

VILLAGE_NAMES = dict(VILLAGES)
VILLAGE_ORDER = {code: i for i, (code, _) in enumerate(VILLAGES)}
SECRETARY = ROLE_LABELS[Role.VILLAGE_SECRETARY]


def demo_roster(seed: int) -> list[DemoAccount]:
    """The accounts as they stand at the end of 2023; the seed decides the village people's names."""
    directory, organisation = plan_township(random.Random(seed))  # the township is planned first from the seed
    return plan_accounts(directory, organisation).roster


def missing_from(app: Taizhang, roster: list[DemoAccount]) -> list[str]:
    """Roster accounts the store does not hold as listed (a demo loaded by an older version or another seed)."""
    missing = []
    for account in roster:
        found = app.find_account(account.username)
        if found is None or found.display_name != account.display_name or found.person_id != account.person_id:
            missing.append(account.username)
    return missing


def is_short_listed(account: DemoAccount) -> bool:
    """Everyone at the township, the cleaners, the reporter and each village's secretary; other cadres on request."""
    return account.active and (not account.village_code or account.post == SECRETARY)


def roster_lines(roster: list[DemoAccount], everyone: bool = False) -> list[str]:
    shown = sorted(roster if everyone else [a for a in roster if is_short_listed(a)], key=table_order)
    lines = [f"演示账号（均为虚构人员，密码都是 {DEMO_PASSWORD}）：",
             "  " + row("用户名", "姓名", "账号角色", "所在村", "职务")]
    for account in shown:
        post = account.post if account.active else f"{account.post}（已停用）"
        lines.append("  " + row(account.username, account.name, ACCESS_ROLE_LABELS[account.role],
                                VILLAGE_NAMES.get(account.works_in, "—"), post))
    hidden = len(roster) - len(shown)
    if hidden:
        lines.append(f"  另有 {hidden} 个村干部、河长账号（或已停用的账号）：taizhang demo --accounts 列出全部")
    return lines


def table_order(account: DemoAccount) -> tuple[int, int]:
    """The township's people, then village by village, the public last."""
    if account.role == AccessRole.PUBLIC_REPORTER:
        return (2, 0)
    if not account.works_in:
        return (0, 0)
    return (1, VILLAGE_ORDER[account.works_in])


def row(username: str, name: str, role: str, village: str, post: str) -> str:
    return f"{pad(username, 16)} {pad(name, 10)} {pad(role, 14)} {pad(village, 12)} {post}"


def pad(text: str, width: int) -> str:
    """Left-align in terminal columns, where a Chinese character takes two."""
    used = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - used, 0)
