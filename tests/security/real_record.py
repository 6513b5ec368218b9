"""A real record as ``taizhang init`` leaves it — township, administrator, secret — made in this process.

``taizhang init`` in a child process costs seconds of start-up; the security suite's real servers only
need what it leaves behind. The password is hashed at test cost (the hash names its own parameters).
"""

from __future__ import annotations

from domain.account import AccessRole
from taizhang.accounts import AccountDesk
from taizhang.bootstrap import build_app, build_side_tables
from taizhang.credentials import Credentials
from taizhang.server_secret import create_secret
from taizhang.settings import Settings
from tests.api.conftest import FAST_HASHER


def initialised(settings: Settings, username: str, password: str, role: AccessRole = AccessRole.TOWNSHIP_ADMIN,
                village: str | None = "东沟村") -> None:
    app = build_app(settings)
    tables = build_side_tables(settings)
    try:
        app.init_store("real", "东风镇", "dfz", "system:init")
        AccountDesk(app, Credentials(tables, FAST_HASHER)).open(username, password, role, "system:init")
        if village:
            app.register_village(village, "v01", "system:init")
    finally:
        tables.close()
        app.close()
    create_secret(settings)
