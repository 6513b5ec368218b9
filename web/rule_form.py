"""A new rule version edited on a form: a version on record as the draft, its points, bonuses and month changed.

The edited version is the same document ``POST /rules`` takes (``RuleVersionIn``), built from the draft's own
record with the form's values put in, so the form refuses exactly what the API would.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from domain.assessment.rules import RuleVersion
from domain.assessment.values import Month
from domain.errors import InvalidInput
from taizhang.documents.assessment import RuleVersionIn
from web.forms import text, validated


def _points(form: FormData, name: str, what: str) -> str:
    given = text(form, name)
    try:
        float(given)
    except ValueError:
        raise InvalidInput(f"{what}“{given}”应为数字", f"{name} {given!r} is not a number") from None
    return given


def edited_version(versions: list[RuleVersion], form: FormData) -> RuleVersion:
    """The draft version (``base``) with the version number, title, effective month, points and bonuses typed."""
    base = next((v for v in versions if v.version_id == text(form, "base")), None)
    if base is None:
        raise InvalidInput("请选择作为底稿的规则版本", "choose the version to start from")
    record: dict[str, Any] = base.as_record()
    record["version_id"] = text(form, "version_id")
    record["title"] = text(form, "title")
    month = text(form, "month")
    try:
        record["effective_from"] = Month.parse(month).first_day.isoformat()
    except (ValueError, InvalidInput):
        raise InvalidInput(f"生效月份“{month}”无法识别，请用 2024-01 的格式", f"cannot read month {month!r}") from None
    for item in record["deduction_items"]:
        item["full_points"] = _points(form, f"full-{item['code']}", f"{item['name']}满分")
        item["per_finding"] = _points(form, f"per-{item['code']}", f"{item['name']}每处扣分")
    for grade in record["grades"]:
        grade["min_score"] = _points(form, f"min-{grade['code']}", f"{grade['name']}最低分")
        grade["cleaner_bonus"] = _points(form, f"bonus-{grade['code']}", f"{grade['name']}奖励")
    return RuleVersion.from_record(validated(RuleVersionIn, **record).as_record())
