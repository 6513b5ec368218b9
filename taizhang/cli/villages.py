"""``taizhang villages register|add-group|list``: the township's villages and their groups (村民小组)."""

from __future__ import annotations

from typing import Annotated

import typer

from taizhang.cli import resolve
from taizhang.cli.options import ActorOption, DataOption, ExpectedOption, JsonOption, QuietOption
from taizhang.cli.output import print_rows
from taizhang.cli.running import acting, recorded, recording
from taizhang.documents.organisation import GroupCreate, VillageCreate, VillageRename

group = typer.Typer(help="村与村民小组 villages and their groups.", no_args_is_help=True)


@group.command("register")
def register(
    code: Annotated[str, typer.Argument(help="the village's code: letters, digits, - or _ (e.g. v01)")],
    name: Annotated[str, typer.Argument(help="its name, e.g. 东沟村")],
    actor: ActorOption,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Register a village of the township; its code names it on the command line and in imports."""
    with acting(data, actor, "villages.register") as (app, _):
        body = VillageCreate.model_validate({"name": name, "code": code})
        outcome = app.register_village(body.name, body.code, actor, body.occurred_at)
    recorded(outcome, f"已登记 {body.name}（{body.code}）", quiet)


@group.command("add-group")
def add_group(
    village: Annotated[str, typer.Argument(help="the village's code (or id)")],
    name: Annotated[str, typer.Argument(help="the group's name, e.g. 一组")],
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Add a group (村民小组) to a village."""
    with acting(data, actor, "villages.add_group") as (app, _):
        unit = resolve.village(app, village)
        body = GroupCreate.model_validate({"name": name, "expected_version": expected_version})
        outcome, _ = app.add_group(unit.id, body.name, actor, body.expected_version)
    recorded(outcome, f"{unit.name} 已增设 {body.name}", quiet)


@group.command("rename")
def rename(
    village: Annotated[str, typer.Argument(help="the village's code (or id)")],
    name: Annotated[str, typer.Argument(help="its new name")],
    reason: Annotated[str, typer.Option("--reason", help="why, e.g. 撤村改社区（县政府批复）")],
    actor: ActorOption,
    expected_version: ExpectedOption = None,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Rename a village, with a reason; its code stays and the record keeps the old name."""
    with acting(data, actor, "villages.rename") as (app, _):
        unit = resolve.village(app, village)
        body = VillageRename.model_validate({"name": name, "reason": reason, "expected_version": expected_version})
        outcome = app.rename_village(unit.id, body.name, body.reason, actor, body.expected_version)
    recorded(outcome, f"{unit.name} 已更名为 {body.name}", quiet)


@group.command("list")
def list_(data: DataOption = None, as_json: JsonOption = False) -> None:
    """Every village with its code and groups."""
    with recording(data) as app:
        rows = [{"code": v.code, "name": v.name, "groups": list(v.groups.values()), "id": str(v.id)}
                for v in app.villages()]
    print_rows(rows, as_json, "村与村民小组")
