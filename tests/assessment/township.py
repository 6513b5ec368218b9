"""A small township for the integration tests: two villages, a cleaner, cadres and 2023's rules."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from domain.acts import Evidence
from domain.assessment.patrol import Finding
from domain.vocabulary import Role, UnitKind
from taizhang.application import Taizhang
from tests.assessment.rulebooks import rules_2023

PHOTO = Evidence("b" * 64, "finding.jpg", "image/jpeg")


def found(item: str, count: int = 1) -> Finding:
    return Finding(item, count, (PHOTO,))


@dataclass
class Township:
    east: uuid.UUID
    west: uuid.UUID
    inspector: uuid.UUID
    cleaner: uuid.UUID
    secretary: uuid.UUID
    contact: uuid.UUID


def township(app: Taizhang) -> Township:
    east = app.register_village("东沟村", "v01", "admin").id
    west = app.register_village("西岭村", "v02", "admin").id
    inspector = app.enrol_person("周巡查", "", "admin").id
    cleaner = app.enrol_person("李娟", "", "admin").id
    secretary = app.enrol_person("张书记", "", "admin").id
    contact = app.enrol_person("王建国", "", "admin").id
    app.take_role(inspector, Role.ENVIRONMENT_OFFICE, UnitKind.TOWNSHIP, app.township().id, date(2023, 1, 1), "admin")
    app.take_role(cleaner, Role.CLEANER, UnitKind.VILLAGE, east, date(2023, 1, 1), "admin", area="一组至三组")
    app.take_role(secretary, Role.VILLAGE_SECRETARY, UnitKind.VILLAGE, east, date(2023, 1, 1), "admin")
    app.adopt_rules(rules_2023(), "office")
    return Township(east, west, inspector, cleaner, secretary, contact)


def patrol(
    app: Taizhang, t: Township, day: date, village: uuid.UUID | None = None, cleaner: bool = True, *findings: Finding
):
    return app.record_patrol(day, village or t.east, t.inspector, list(findings), "inspector",
                             cleaner_id=t.cleaner if cleaner else None)
