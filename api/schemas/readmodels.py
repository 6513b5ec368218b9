"""Answers of the read-model queries: the ledger, overdue, counts, time to close, provenance.

Every answer names the snapshot it was read from (position and recorded time) and every figure a
``provenance`` link listing the events that produced it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pydantic import Field

from api.schemas.common import Schema
from domain.vocabulary import Category, Source, Stage

ProvenanceLink = Field(description="GET this to list the events behind the figure")


class SnapshotPublic(Schema):
    position: int = Field(description="the last log position the answer includes")
    recorded_at: datetime | None = Field(description="when that position was recorded")
    latest: bool = Field(description="false when answered as of an earlier moment")
    head: int = Field(description="the log's last position when the answer was read")
    lag: int = Field(description="positions recorded after the one the answer includes (head − position)")


class LedgerRowPublic(Schema):
    """One problem as the ledger shows it, with the time of every stage it reached."""

    problem_id: uuid.UUID
    village_id: uuid.UUID
    group_id: uuid.UUID | None
    source: Source
    category: Category
    place: str
    stage: Stage
    registered_at: datetime
    assigned_at: datetime | None
    rectification_reported_at: datetime | None
    verified_at: datetime | None
    closed_at: datetime | None
    reopened_at: datetime | None
    voided_at: datetime | None
    unit_kind: str | None
    unit_id: uuid.UUID | None
    deadline: date | None
    deadline_working_days: int | None
    extension_count: int
    reopen_count: int
    sent_back_count: int
    rectification_count: int
    closed_on_time: bool | None
    closed_deadline: date | None
    void_kind: str | None
    original_id: uuid.UUID | None
    labour_person_times: int
    machinery_unit_times: int
    tonnes_cleared: Decimal
    buildings_demolished: int
    is_open: bool
    overdue: bool = Field(description="open past its deadline on the day judged (the deadline day is on time)")
    days_overdue: int
    version: int
    last_actor: str
    last_occurred_at: datetime
    last_recorded_at: datetime
    valid_from_pos: int = Field(description="the log position of the event that made this row")
    provenance: str = ProvenanceLink


class LedgerPage(Schema):
    snapshot: SnapshotPublic
    judged_on: date = Field(description="the day the overdue flags are judged on")
    total: int
    page: int
    page_size: int
    rows: list[LedgerRowPublic]


class OverduePublic(Schema):
    snapshot: SnapshotPublic
    on: date
    count: int = Field(description="problems open past their deadline at the end of the day")
    provenance: str = ProvenanceLink
    page: int
    page_size: int
    rows: list[LedgerRowPublic]


class CountRowPublic(Schema):
    key: dict[str, Any] = Field(description="the group: one value per group_by column")
    count: int
    labour_person_times: int
    machinery_unit_times: int
    tonnes_cleared: Decimal
    buildings_demolished: int
    provenance: str = ProvenanceLink


class CountsPublic(Schema):
    snapshot: SnapshotPublic
    group_by: list[str]
    basis: str
    include_voided: bool = Field(description="whether voided problems were counted")
    stage: list[Stage] | None = Field(description="the stages asked for (all but voided when none)")
    period_start: datetime | None
    period_end: datetime | None
    rows: list[CountRowPublic]


class CloseTimeRowPublic(Schema):
    key: dict[str, Any]
    count: int
    mean_days: float
    median_days: float
    provenance: str = ProvenanceLink


class CloseTimesPublic(Schema):
    snapshot: SnapshotPublic
    group_by: list[str]
    period_start: datetime | None
    period_end: datetime | None
    rows: list[CloseTimeRowPublic]


class SourceEventPublic(Schema):
    position: int
    event_type: str
    aggregate_id: uuid.UUID
    version: int
    actor: str | None
    occurred_at: datetime | None
    recorded_at: datetime
    village_id: uuid.UUID | None


class ProvenancePublic(Schema):
    snapshot: SnapshotPublic
    kind: str
    problems: int = Field(description="how many problems the figure counts")
    total_events: int
    page: int
    page_size: int
    events: list[SourceEventPublic]


class AuditEventPublic(Schema):
    """One recorded event as an inspector sees it."""

    position: int
    event_type: str
    entity_id: uuid.UUID
    version: int
    actor: str | None
    account: str | None = Field(None, description="the acting account's username, where the reader may see it")
    actor_role: str | None = Field(description="the actor's access role when the event was recorded")
    occurred_at: datetime | None
    recorded_at: datetime
    village_id: uuid.UUID | None
    reason: str | None
    evidence: list[dict[str, Any]]
    details: dict[str, Any]


class AuditPage(Schema):
    snapshot: SnapshotPublic
    total: int
    page: int
    page_size: int
    events: list[AuditEventPublic]
