"""Every error the command line answers, said in Chinese and English, with exit code 2 and never a traceback.

click words its own usage errors in English only; ``BilingualGroup`` catches them at the root command
and says them in both languages. An error no one foresaw is a defect: it exits 1 with one line
naming it, and ``TAIZHANG_DEBUG=1`` shows the traceback for the engineer who fixes it.
"""

from __future__ import annotations

import os
import re
import sys
import traceback
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import exceptions as click  # typer words its usage errors with the click it carries
from typer._click.core import Parameter
from typer.core import TyperGroup

ONE_OF = re.compile(r"is not one of (.+?)\.?$")
PARAM_KINDS = {"option": "选项", "argument": "参数", "parameter": "参数"}


def param_name(param: Parameter | None) -> str:
    if param is None:
        return ""
    if param.param_type_name == "option" and param.opts:
        return max(param.opts, key=len)
    return (getattr(param, "human_readable_name", None) or param.name or "").upper()


def in_both_languages(error: click.ClickException) -> str:
    """The Chinese and the English of a usage error, one line."""
    if isinstance(error, click.MissingParameter):
        kind = PARAM_KINDS.get(error.param_type or (error.param.param_type_name if error.param else ""), "参数")
        name = param_name(error.param)
        return f"缺少{kind} {name} / missing {error.param_type or 'parameter'} {name}"
    if isinstance(error, click.NoSuchOption):
        maybe = f"（是否想用 {'、'.join(error.possibilities)}？）" if error.possibilities else ""
        return f"没有选项 {error.option_name}{maybe} / {error.format_message()}"
    if isinstance(error, click.BadParameter):
        hint = error.param_hint
        name = param_name(error.param) or (hint if isinstance(hint, str) else "/".join(hint or ()))
        message = error.message.removeprefix("Value error, ")  # typer reads values through pydantic
        one_of = ONE_OF.search(message)
        if one_of:
            choices = "、".join(part.strip(" '") for part in one_of.group(1).split(","))
            return f"{name} 的取值无效，可选：{choices} / invalid value for {name}: {message}"
        if "valid UUID" in message:
            return f"{name} 应为记录编号，如 3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b / invalid value for {name}: {message}"
        if " / " in message:  # our own parsers say it in both languages already
            return f"{name}：{message}"
        return f"{name} 的取值无效 / invalid value for {name}: {message}"
    if isinstance(error, click.BadOptionUsage):
        return f"选项 {error.option_name} 的用法有误 / {error.format_message()}"
    if isinstance(error, click.UsageError):
        return f"用法有误 / usage error: {error.format_message()}"
    return f"命令出错 / error: {error.format_message()}"


class BilingualGroup(TyperGroup):
    """The root command: usage errors said in both languages; no traceback reaches the user."""

    def main(  # type: ignore[override]  # the same parameters, standalone mode decided here
        self, args: Sequence[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> Any:
        standalone = extra.pop("standalone_mode", True)
        try:
            result = super().main(args=args, prog_name=prog_name, standalone_mode=False, **extra)
        except typer.Abort:
            typer.echo("已取消 / aborted", err=True)
            return self._finish(1, standalone)
        except click.ClickException as error:
            typer.echo(f"错误：{in_both_languages(error)}", err=True)
            typer.echo("用 --help 查看用法 / see --help", err=True)
            return self._finish(error.exit_code, standalone)
        except Exception as error:  # a defect: name it in one line; TAIZHANG_DEBUG=1 shows where
            if os.environ.get("TAIZHANG_DEBUG") == "1":
                traceback.print_exc()
            typer.echo(f"内部错误，请报告 / internal error, please report: {type(error).__name__}: {error}", err=True)
            return self._finish(1, standalone)
        return self._finish(result if isinstance(result, int) else 0, standalone)

    @staticmethod
    def _finish(code: int, standalone: bool) -> int:
        if standalone:
            sys.exit(code)
        return code
