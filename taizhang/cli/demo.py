"""``taizhang demo``: load the demo township into a data folder, and optionally start the server on it."""

from __future__ import annotations

from typing import Annotated

import typer

from taizhang.bootstrap import build_app
from taizhang.cli.options import DataOption, load_settings
from taizhang.cli.progress import progress_bar
from taizhang.cli.running import refusals_exit
from taizhang.cli.serve import run_server
from taizhang.demo.assessment import YEAR as DEMO_YEAR
from taizhang.demo.loader import DEFAULT_SEED, load_demo
from taizhang.demo.roster import demo_roster, missing_from, roster_lines
from taizhang.demo.township import TOWNSHIP_NAME
from taizhang.settings import Settings


def demo(
    data: DataOption = None,
    seed: Annotated[int, typer.Option(help="the seed that decides the simulated year")] = DEFAULT_SEED,
    serve: Annotated[bool, typer.Option("--serve", help="start the server on the demo store afterwards")] = False,
    accounts: Annotated[
        bool, typer.Option("--accounts", help="list every demo account, not only the main ones")
    ] = False,
) -> None:
    """Load a simulated year (2023) of a demo township; a folder that already holds it is reused."""
    settings = load_settings(data, creating=True)
    with refusals_exit(), progress_bar("载入演示数据") as advance:
        loaded = load_demo(settings, seed, advance)
    if loaded.reused:
        typer.echo(f"演示数据已存在，直接使用：{loaded.location}（{loaded.events} 条事件）")
        warn_if_unassessed(settings)
    else:
        typer.echo(f"已载入演示数据：{loaded.location}（{loaded.events} 条事件，用时 {loaded.seconds:.1f} 秒）")
    typer.echo(f"注意：这是模拟数据。{TOWNSHIP_NAME}及其 24 个村、人员和 2023 年的问题台账均为虚构，按模拟时钟记录。")
    show_accounts(settings, seed, accounts)
    if serve:
        typer.echo(f"服务器地址：http://{settings.host}:{settings.port}/  （按 Ctrl+C 停止）")
        run_server(settings)


def warn_if_unassessed(settings: Settings) -> None:
    """A folder loaded by a version before the demo year was assessed has no closed months to show."""
    app = build_app(settings)
    try:
        assessed = app.year_end_record(DEMO_YEAR) is not None
    finally:
        app.close()
    if not assessed:
        typer.echo("该目录的演示数据由旧版本载入，没有考核记录（排名、评比、发放表、年终考核）；"
                   "删除该目录后重新运行 taizhang demo 即可看到。", err=True)


def show_accounts(settings: Settings, seed: int, everyone: bool) -> None:
    """The who-is-who table, checked against the store (a folder loaded earlier may predate the accounts)."""
    roster = demo_roster(seed)
    app = build_app(settings)
    try:
        missing = missing_from(app, roster)
    finally:
        app.close()
    if missing:
        typer.echo(f"该目录的演示数据没有这些演示账号：{', '.join(missing[:5])}{' 等' if len(missing) > 5 else ''}。"
                   "它由旧版本或其他种子载入；删除该目录后重新运行 taizhang demo 即可登录。", err=True)
        return
    for line in roster_lines(roster, everyone):
        typer.echo(line)
