"""A record of each import: who brought which file (by sha256) into the record, and what it added."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import InvalidInput


class Import(Aggregate):
    """An Excel ledger brought in as late entries, a roster of people and posts, or a whole history (empty store)."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        kind: str
        sha256: str

    class Recorded(RecordedFact, Aggregate.Created):
        kind: str
        file_name: str
        sha256: str
        rows: int
        aggregate_ids: list[uuid.UUID]
        first_position: int | None
        last_position: int | None

        def apply(self, aggregate: Import) -> None:
            aggregate.kind = self.kind
            aggregate.sha256 = self.sha256

    EXCEL_LEDGER = "excel_ledger"
    FULL_HISTORY = "full_history"
    ROSTER = "roster"  # people and their posts from a township's Excel roster

    @classmethod
    def record(
        cls,
        kind: str,
        file_name: str,
        sha256: str,
        rows: int,
        aggregate_ids: list[uuid.UUID],
        act: Act,
        first_position: int | None = None,
        last_position: int | None = None,
    ) -> Import:
        if kind not in (cls.EXCEL_LEDGER, cls.FULL_HISTORY, cls.ROSTER):
            raise InvalidInput(f"未知的导入类型 “{kind}”", f"unknown import kind {kind!r}")
        if len(sha256) != 64:
            raise InvalidInput("导入文件的 sha256 不正确", "the import file's sha256 is malformed")
        return cls._create(
            cls.Recorded,
            id=uuid.uuid4(),
            kind=kind,
            file_name=file_name,
            sha256=sha256,
            rows=rows,
            aggregate_ids=aggregate_ids,
            first_position=first_position,
            last_position=last_position,
            **stamp(act),
        )
