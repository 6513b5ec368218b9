"""The township, its villages and their groups."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from eventsourcing.domain import Aggregate

from domain.acts import Act, RecordedFact, stamp
from domain.errors import AlreadyExists, InvalidInput

_UNIT_NAMESPACE = uuid.UUID("0b5e3c2a-8d4f-4f3e-a1c7-5d9e6f2b7a41")


def _check_name(name: str, what_zh: str, what_en: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInput(f"{what_zh}名称不能为空", f"the {what_en} name may not be empty")
    if len(name) > 60:
        raise InvalidInput(f"{what_zh}名称过长（最多 60 字）", f"the {what_en} name is too long (max 60)")
    return name


def _check_code(code: str) -> str:
    code = code.strip()
    if not code or len(code) > 32 or not all(c.isalnum() or c in "-_" for c in code):
        raise InvalidInput(
            f"编码 “{code}” 只能由字母、数字、-、_ 组成，最多 32 位",
            f"code {code!r} must be 1-32 letters, digits, '-' or '_'",
        )
    return code


class Township(Aggregate):
    """The township whose record this store is (one store holds one township)."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        name: str
        code: str

    class Established(RecordedFact, Aggregate.Created):
        name: str
        code: str

        def apply(self, aggregate: Township) -> None:
            aggregate.name = self.name
            aggregate.code = self.code

    class Renamed(RecordedFact):
        name: str
        reason: str

        def apply(self, aggregate: Township) -> None:
            aggregate.name = self.name

    @staticmethod
    def id_for(code: str) -> uuid.UUID:
        return uuid.uuid5(_UNIT_NAMESPACE, f"township:{code}")

    @classmethod
    def establish(cls, name: str, code: str, act: Act) -> Township:
        code = _check_code(code)
        return cls._create(
            cls.Established, id=cls.id_for(code), name=_check_name(name, "乡镇", "township"), code=code, **stamp(act)
        )


class Village(Aggregate):
    """A village (村) and its groups (组/社)."""

    if TYPE_CHECKING:  # the state the events set (domain/__init__.py says why not as class annotations)
        name: str
        code: str
        township_id: uuid.UUID
        groups: dict[uuid.UUID, str]

    class Registered(RecordedFact, Aggregate.Created):
        name: str
        code: str
        township_id: uuid.UUID

        def apply(self, aggregate: Village) -> None:
            aggregate.name = self.name
            aggregate.code = self.code
            aggregate.township_id = self.township_id
            aggregate.groups = {}

    class GroupAdded(RecordedFact):
        group_id: uuid.UUID
        name: str

        def apply(self, aggregate: Village) -> None:
            aggregate.groups[self.group_id] = self.name

    class Renamed(RecordedFact):
        name: str
        reason: str

        def apply(self, aggregate: Village) -> None:
            aggregate.name = self.name


    @staticmethod
    def id_for(code: str) -> uuid.UUID:
        return uuid.uuid5(_UNIT_NAMESPACE, f"village:{code}")

    @classmethod
    def register(cls, township_id: uuid.UUID, name: str, code: str, act: Act) -> Village:
        code = _check_code(code)
        return cls._create(
            cls.Registered,
            id=cls.id_for(code),
            name=_check_name(name, "村", "village"),
            code=code,
            township_id=township_id,
            **stamp(act),
        )

    def add_group(self, name: str, act: Act) -> uuid.UUID:
        name = _check_name(name, "村民小组", "group")
        if name in self.groups.values():
            raise AlreadyExists(f"{self.name} 已有小组 “{name}”", f"{self.code} already has a group {name!r}")
        group_id = uuid.uuid5(self.id, f"group:{name}")
        self.trigger_event(self.GroupAdded, group_id=group_id, name=name, **stamp(act))
        return group_id

    def rename(self, name: str, reason: str, act: Act) -> None:
        if not reason.strip():
            raise InvalidInput("更名必须说明原因", "a rename needs a reason")
        self.trigger_event(self.Renamed, name=_check_name(name, "村", "village"), reason=reason, **stamp(act))
