"""An audit view as CSV in the township's words: each event's step, who (name and account), when, where, why.

The columns are Chinese, the codes said in words (the step, the access role, a field's name), times in
Beijing time; the account's username stays beside the name, since an audit compares accounts. Every
field goes through the one rule for text a spreadsheet might run (``cells.csv_field``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from domain.local_time import CHINA
from domain.words import FIELD_LABELS, event_word, word
from taizhang.exports.cells import csv_field

COLUMNS = ["位置", "事项", "对象编号", "版本", "办理人", "账号", "当时权限", "发生时间", "记录时间", "村", "原因",
           "证据", "详情"]


def _time(value: Any) -> str:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S") if isinstance(value, datetime) else ""


def _details(details: dict[str, Any]) -> str:
    """Each field by its Chinese name; a nested value as compact JSON (its own keys are the record's)."""
    shown = []
    for name, value in details.items():
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        shown.append(f"{FIELD_LABELS.get(name, name)}：{text}")
    return "；".join(shown)


def audit_csv_lines(
    batches: Iterable[list[dict[str, Any]]], names: Any, villages: dict[str, str]
) -> Iterator[str]:
    """The header, then each batch of rows (``audit_rows``) as lines; the byte-order mark lets Excel read Chinese."""
    yield "\ufeff"
    out = io.StringIO()
    csv.writer(out).writerow(COLUMNS)
    yield out.getvalue()
    for rows in batches:
        out = io.StringIO()
        writer = csv.writer(out)
        for row in rows:
            actor = row["actor"] or ""
            evidence = "、".join(f"{e.get('name') or '文件'}（{str(e.get('sha256', ''))[:12]}）"
                                for e in row["evidence"])
            writer.writerow([csv_field(value) for value in (
                row["position"], event_word(row["event_type"]), row["entity_id"], row["version"],
                names.name(actor) if actor == row.get("account") else actor, row.get("account") or "",
                word("access_role", row["actor_role"]) if row["actor_role"] else "",
                _time(row["occurred_at"]), _time(row["recorded_at"]),
                villages.get(str(row["village_id"]), "") if row["village_id"] else "", row["reason"] or "",
                evidence, _details(row["details"]),
            )])
        yield out.getvalue()
