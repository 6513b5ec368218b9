"""A refused document said in words: which field, what was wrong, in Chinese and English, never a pattern.

pydantic names each fault by a type (``string_too_long``, ``uuid_parsing``…) with the limits in its
context; the command line, the web's forms and the API's answers all say those faults through here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

# What a field's format is, said for a person, where the document's pattern alone would show a regex.
FORMATS = {
    "code": ("字母、数字、- 或 _，最多 32 个", "letters, digits, - or _, at most 32"),
    "sha256": ("64 位十六进制摘要", "a sha256 of 64 hexadecimal digits"),
    "phone": ("数字、+、- 或空格，最多 20 个", "digits, +, - or spaces, at most 20"),
    "username": ("3 至 32 个小写字母、数字或 . _ -，以字母或数字开头", "3-32 lowercase letters, digits, . _ -"),
}


def field_of(location: tuple[Any, ...]) -> str:
    """The field a fault is at, as ``findings.1.count`` (numbers count from 1 for a person)."""
    parts = [str(p + 1) if isinstance(p, int) else str(p) for p in location if p not in ("body", "query", "path")]
    return ".".join(parts) or "（整个输入）"


def fault_in_words(fault: Mapping[str, Any]) -> tuple[str, str]:
    """One fault as (Chinese, English)."""
    kind = fault.get("type", "")
    ctx = fault.get("ctx") or {}
    field = field_of(tuple(fault.get("loc", ())))
    leaf = str(fault.get("loc", ("",))[-1]) if fault.get("loc") else ""
    if kind == "missing":
        return f"{field} 不能缺少", f"{field} is required"
    if kind == "extra_forbidden":
        return f"不认识的字段 {field}", f"unknown field {field}"
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return f"{field} 不能为空", f"{field} may not be empty"
        least = ctx.get("min_length")
        return f"{field} 至少 {least} 个字", f"{field} needs at least {least} characters"
    if kind == "string_too_long":
        most = ctx.get("max_length")
        return f"{field} 最多 {most} 个字", f"{field} is at most {most} characters"
    if kind == "string_pattern_mismatch":
        zh, en = FORMATS.get(leaf, ("规定的格式", "the required format"))
        return f"{field} 格式不对，应为{zh}", f"{field} must be {en}"
    if kind in ("too_short", "too_long"):
        return f"{field} 的项数不对（{fault.get('msg', '')}）", f"{field}: {fault.get('msg', '')}"
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = next(iter(ctx.values()), "")
        words = {"greater_than_equal": ("不能小于", "at least"), "greater_than": ("必须大于", "more than"),
                 "less_than_equal": ("不能大于", "at most"), "less_than": ("必须小于", "less than")}[kind]
        return f"{field} {words[0]} {bound}", f"{field} must be {words[1]} {bound}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{field} 应为整数", f"{field} must be a whole number"
    if kind.startswith("decimal") or kind in ("float_parsing", "finite_number"):
        return f"{field} 应为数字（{fault.get('msg', '')}）", f"{field}: {fault.get('msg', '')}"
    if kind.startswith("uuid"):
        return f"{field} 应为记录编号，如 3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b", f"{field} must be a record's id"
    if kind.startswith("date") and "datetime" not in kind:
        return f"{field} 应为日期，如 2023-03-01", f"{field} must be a day, e.g. 2023-03-01"
    if kind.startswith("datetime") or kind == "timezone_aware":
        return (f"{field} 应为带时区的时间，如 2023-03-01T09:00:00+08:00",
                f"{field} must be a time with its zone, e.g. 2023-03-01T09:00:00+08:00")
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{field} 的取值无效，可选：{expected}", f"{field} must be one of {expected}"
    if kind == "bool_parsing":
        return f"{field} 应为是或否（true/false）", f"{field} must be true or false"
    if kind == "value_error":
        message = str(ctx.get("error", fault.get("msg", ""))).removeprefix("Value error, ")
        return f"{field}：{message}", f"{field}: {message}"
    message = str(fault.get("msg", kind))
    return f"{field} 不符合要求：{message}", f"{field} is not valid: {message}"


def refusal_in_words(error: ValidationError, limit: int = 5) -> tuple[str, str]:
    """Every fault of a refused document (at most ``limit``), joined, as (Chinese, English)."""
    said = [fault_in_words(fault) for fault in error.errors()[:limit]]
    return "；".join(zh for zh, _ in said), "; ".join(en for _, en in said)
