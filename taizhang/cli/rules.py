"""``taizhang rules adopt FILE``: a rule version from a JSON or YAML document, the same one ``POST /rules`` takes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from pydantic import ValidationError

from domain.assessment.rules import RuleVersion
from domain.errors import InvalidInput
from taizhang.cli.options import ActorOption, DataOption, QuietOption, load_settings
from taizhang.cli.running import acting, invalid_document, recorded, refusals_exit
from taizhang.documents.assessment import RuleVersionIn

group = typer.Typer(help="考核规则 rule versions: scoring, grades, bonuses, ranking, cadre pay.", no_args_is_help=True)


def read_document(file: Path) -> Any:
    """The file's content: JSON when it ends in .json, otherwise YAML (of which JSON is a part)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"读不了规则文件 {file}：{error}", f"cannot read the rules file {file}: {error}") from None
    try:
        return json.loads(text) if file.suffix.lower() == ".json" else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as error:
        raise InvalidInput(
            f"规则文件 {file} 不是有效的 JSON/YAML：{error}", f"{file} is not valid JSON/YAML: {error}"
        ) from None


def rule_version(file: Path) -> RuleVersion:
    try:
        document = RuleVersionIn.model_validate(read_document(file))
    except ValidationError as error:
        raise invalid_document(error, f"规则文件 {file}", f"the rules file {file}") from None
    return RuleVersion.from_record(document.as_record())


@group.command("adopt")
def adopt(
    file: Annotated[Path, typer.Argument(help="the rule version (docs/examples/rules-2023.yaml shows every field)")],
    actor: ActorOption,
    data: DataOption = None,
    quiet: QuietOption = False,
) -> None:
    """Adopt a rule version from its effective day (the first of a month; never into a closed month)."""
    settings = load_settings(data)  # the store first: a mistyped --data is named before the file is read
    with refusals_exit():
        version = rule_version(file)
    with acting(data, actor, "rules.adopt", settings) as (app, _):
        outcome = app.adopt_rules(version, actor)
    recorded(outcome, f"已采用规则版本 {version.version_id}（自 {version.effective_from.isoformat()} 起生效）", quiet)
