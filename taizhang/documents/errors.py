"""A refused value or document said in words, in Chinese and English: which field, and what was expected.

pydantic's own messages are English and, for a pattern, the raw regular expression; a township's clerk
(or a client's developer) needs to read what to send instead. Each error type has its words here, and
each pattern the product uses has a description (``PATTERN_WORDS``; a test checks none is missing). The
API's answers, the web's forms and the command line all say a refusal through here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from domain.errors import InvalidInput
from taizhang.documents.base import ISO_MOMENT

EXAMPLE_MOMENT = "2023-06-30T18:00:00+08:00"
EXAMPLE_UUID = "3f2b8c1e-6a4d-4e0f-9b7a-1c2d3e4f5a6b"

PATTERN_WORDS: dict[str, tuple[str, str]] = {
    ISO_MOMENT: (f"带时区的时间，如 {EXAMPLE_MOMENT}", f"a time with its zone, e.g. {EXAMPLE_MOMENT}"),
    r"^\d{4}-\d{2}$": ("月份，如 2023-03", "a month, e.g. 2023-03"),
    r"^[a-z0-9][a-z0-9_.-]{2,31}$": (
        "用户名：3 至 32 个小写字母、数字或 _ . -，以字母或数字开头",
        "a username: 3 to 32 lowercase letters, digits, _ . or -, beginning with a letter or digit",
    ),
    r"^[0-9a-f]{12}$": ("密钥编号：12 位小写十六进制数字", "a key id: 12 lowercase hexadecimal digits"),
    r"^[0-9a-f]{64}$": ("sha256：64 位小写十六进制数字", "a sha256: 64 lowercase hexadecimal digits"),
    r"^[A-Za-z0-9_-]+$": (
        "数字来源标记（取自某个数字的 provenance 链接）",
        "a figure's provenance token (from a figure's provenance link)",
    ),
    r"^[\x21-\x7e]+$": ("可见的 ASCII 字符，不含空格", "visible ASCII characters, without spaces"),
    r"^[A-Za-z0-9_-]{1,32}$": ("1 至 32 个字母、数字、_ 或 -", "1 to 32 letters, digits, _ or -"),
    r"^[0-9+\- ]{0,20}$": ("电话号码：至多 20 个数字、+、- 或空格", "a phone number: up to 20 digits, +, - or spaces"),
    r"^password$": ("字样 password（口令登录）", "the word password (signing in with a password)"),
}

Words = tuple[str, str]
Context = Mapping[str, Any]


class _Known(dict[str, Any]):
    """An error's context; a bound pydantic did not give reads as "?" rather than failing the answer."""

    def __missing__(self, key: str) -> str:
        return "?"


def _expected(zh: str, en: str) -> Callable[[Context], Words]:
    return lambda ctx: (f"应为{zh.format_map(_Known(ctx))}", f"must be {en.format_map(_Known(ctx))}")


def _said(zh: str, en: str) -> Callable[[Context], Words]:
    return lambda ctx: (zh.format_map(_Known(ctx)), en.format_map(_Known(ctx)))


def _pattern(ctx: Context) -> Words:
    zh, en = PATTERN_WORDS.get(str(ctx.get("pattern", "")), ("规定的格式", "in the documented form"))
    return f"应为{zh}", f"must be {en}"


def _one_of(ctx: Context) -> Words:
    expected = str(ctx.get("expected", ""))
    return f"应为以下之一：{expected.replace(' or ', '、').replace(', ', '、')}", f"must be one of: {expected}"


def _text_length(ctx: Context) -> Words:
    if ctx.get("min_length") == 1:
        return "不能为空", "must not be empty"
    return f"至少 {ctx.get('min_length')} 个字符", f"must be at least {ctx.get('min_length')} characters"


_DATE = _expected("实有的日期，如 2023-06-30", "a real date, e.g. 2023-06-30")
_MOMENT = _expected(f"带时区的时间，如 {EXAMPLE_MOMENT}", f"a time with its zone, e.g. {EXAMPLE_MOMENT}")
_WHOLE = _expected("整数", "a whole number")
_NUMBER = _expected("数字", "a number")
_UUID = _expected(f" UUID，如 {EXAMPLE_UUID}", f"a UUID, e.g. {EXAMPLE_UUID}")
_BOOL = _expected(" true 或 false", "true or false")
_OBJECT = _expected(" JSON 对象", "a JSON object")

WORDS: dict[str, Callable[[Context], Words]] = {
    "missing": _said("必须给出", "is required"),
    "extra_forbidden": _said("不是可接受的字段", "is not a field this takes"),
    "string_pattern_mismatch": _pattern,
    "string_type": _expected("文本", "text"),
    "string_too_short": _text_length,
    "string_too_long": _said("最长 {max_length} 个字符", "must be at most {max_length} characters"),
    "too_short": _said("至少 {min_length} 项", "needs at least {min_length} values"),
    "too_long": _said("至多 {max_length} 项", "takes at most {max_length} values"),
    "list_type": _expected("列表", "a list"),
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "float_parsing": _NUMBER,
    "float_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "decimal_type": _NUMBER,
    "finite_number": _expected("有限的数字", "a finite number"),
    "greater_than": _said("应大于 {gt}", "must be greater than {gt}"),
    "greater_than_equal": _said("不能小于 {ge}", "must be at least {ge}"),
    "less_than": _said("应小于 {lt}", "must be less than {lt}"),
    "less_than_equal": _said("不能大于 {le}", "must be at most {le}"),
    "bool_parsing": _BOOL,
    "bool_type": _BOOL,
    "uuid_parsing": _UUID,
    "uuid_type": _UUID,
    "uuid_version": _UUID,
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_parsing": _MOMENT,
    "datetime_type": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "timezone_aware": _MOMENT,
    "enum": _one_of,
    "literal_error": _one_of,
    "json_invalid": _said("不是有效的 JSON", "is not valid JSON"),
    "json_type": _said("不是有效的 JSON", "is not valid JSON"),
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "dict_type": _OBJECT,
    "date_out_of_era": _said("日期应在 2000-01-01 至 2100-12-31 之间", "must lie between 2000-01-01 and 2100-12-31"),
    "text_control_characters": _said("不能含控制字符", "may not contain control characters"),
}


def parameter(loc: tuple[Any, ...] | list[Any]) -> str:
    """The name a caller knows: a query, path or header parameter's own name, a body field's dotted path."""
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("query", "path", "header", "cookie"):
        return parts[1] if len(parts) > 1 else parts[0]
    if parts and parts[0] == "body":
        parts = parts[1:]
    return ".".join(parts) or "请求体 body"


def in_words(fault: Mapping[str, Any], label: str | None = None) -> Words:
    """One pydantic fault as (Chinese, English), naming the field by ``label`` (a clerk's word) or its parameter."""
    name = parameter(fault.get("loc", ()))
    kind = str(fault.get("type", ""))
    words = WORDS.get(kind)
    if words is not None:
        zh, en = words(fault.get("ctx") or {})
    else:  # a validator's own message (in English): kept, never a pattern (those are all above)
        message = str(fault.get("msg", "")).removeprefix("Value error, ")
        zh, en = f"取值无效（{message}）", f"is not valid: {message}"
    return (f"{label}{zh}" if label else f"{name} {zh}"), f"{name} {en}"


def explained(error: Mapping[str, Any]) -> dict[str, Any]:
    """One pydantic error as ``{loc, type, message_zh, message_en}``, naming the parameter and what it takes."""
    zh, en = in_words(error)
    return {"loc": list(error.get("loc", ())), "type": str(error.get("type", "")), "message_zh": zh, "message_en": en}


def first_refusal(faults: Sequence[Mapping[str, Any]], label: Callable[[str], str | None]) -> InvalidInput:
    """The first fault of a refused document (``error.errors()``), its field named as a form or sheet names it."""
    fault = faults[0]
    names = [str(part) for part in fault["loc"] if isinstance(part, str)]
    zh, en = in_words(fault, next((label(n) for n in reversed(names) if label(n)), None))
    return InvalidInput(zh, en)


def refusal_in_words(error: ValidationError, limit: int = 5) -> tuple[str, str]:
    """Every fault of a refused document (at most ``limit``), joined, as (Chinese, English)."""
    said = [explained(fault) for fault in error.errors()[:limit]]
    return "；".join(s["message_zh"] for s in said), "; ".join(s["message_en"] for s in said)
