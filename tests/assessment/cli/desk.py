"""The command line as a clerk uses it, on the store a test set up: ``desk.run("months", "close", …)``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from domain.account import AccessRole
from domain.vocabulary import Role, UnitKind
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.settings import Settings

JPEG = b"\xff\xd8\xff\xe0" + b"a photo of plastic litter by the village gate"


@dataclass
class Desk:
    settings: Settings
    folder: Path

    def env(self) -> dict[str, str]:
        """The settings as the command line reads them (TAIZHANG_ variables), for either store."""
        s = self.settings
        env = {"TAIZHANG_STORE": s.store, "TAIZHANG_DATA_DIR": str(self.folder)}
        if s.store == "postgres":
            env |= {"TAIZHANG_POSTGRES_DSN": s.postgres_dsn or "", "TAIZHANG_POSTGRES_SCHEMA": s.postgres_schema,
                    "TAIZHANG_POSTGRES_DBNAME": s.postgres_dbname}
        return env

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(cli, list(args), env=self.env())

    def ok(self, *args: str) -> str:
        result = self.run(*args)
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        return result.stdout

    def record(self, *args: str) -> str:
        """A recording command's id (its ``--quiet`` answer)."""
        return self.ok(*args, "--quiet").strip()

    def json(self, *args: str) -> dict[str, Any]:
        return json.loads(self.ok(*args, "--json"))

    def head(self) -> int:
        """The log's last position, read by a separate application as any other process would."""
        app = build_app(self.settings.model_copy(update={"data_dir": self.folder}))
        try:
            return app.recorder.max_notification_id() or 0
        finally:
            app.close()

    def photo(self, name: str = "gate.jpg") -> str:
        path = self.folder / name
        path.write_bytes(JPEG)
        return str(path)


@dataclass
class People:
    inspector: str = "周巡查"
    cleaner: str = "李娟"
    secretary: str = "张书记"
    contact: str = "王建国"


def small_township(app: Taizhang) -> People:
    """Villages v01 (groups 一组, 二组) and v02; an inspector; a cleaner in v01, its secretary and contact cadre."""
    people = People()
    east = app.register_village("东沟村", "v01", "admin").id
    app.register_village("西岭村", "v02", "admin")
    for group in ("一组", "二组"):
        app.add_group(east, group, "admin")
    township = app.township().id
    ids = {name: app.enrol_person(name, "", "admin").id for name in vars(people).values()}
    start = date(2023, 1, 1)
    app.take_role(ids[people.inspector], Role.ENVIRONMENT_OFFICE, UnitKind.TOWNSHIP, township, start, "admin")
    app.take_role(ids[people.cleaner], Role.CLEANER, UnitKind.VILLAGE, east, start, "admin", area="一组至二组")
    app.take_role(ids[people.secretary], Role.VILLAGE_SECRETARY, UnitKind.VILLAGE, east, start, "admin")
    app.take_role(ids[people.contact], Role.VILLAGE_CONTACT_CADRE, UnitKind.VILLAGE, east, start, "admin")
    open_desk_accounts(app)
    return people


# The accounts the tests act as: the office's clerks, the patrol inspector (an office account: 纪检
# only reads), the director who approves, the cashier who pays, and a member of the public.
DESK_ACCOUNTS = {
    "office": AccessRole.ENVIRONMENT_OFFICE, "clerk": AccessRole.ENVIRONMENT_OFFICE,
    "inspector": AccessRole.ENVIRONMENT_OFFICE, "cashier": AccessRole.ENVIRONMENT_OFFICE,
    "director": AccessRole.TOWNSHIP_ADMIN, "qunzhong": AccessRole.PUBLIC_REPORTER,
}


def open_desk_accounts(app: Taizhang) -> None:
    for username, role in DESK_ACCOUNTS.items():
        app.open_account(username, role, "admin")
