"""The township and its villages and groups."""

from __future__ import annotations

import uuid

from api.deps import AppDep, CallerDep, IfMatchDep, expected_version
from api.routes import resource_router, result
from api.schemas.common import CommandResult
from api.schemas.organisation import GroupAdded, GroupPublic, TownshipPublic, VillagePublic
from domain.organisation import Village
from taizhang.access.objects import check_village
from taizhang.documents.organisation import GroupCreate, VillageCreate, VillageRename

router = resource_router("/villages", "organisation")
township_router = resource_router("/township", "organisation")


def village_public(village: Village) -> VillagePublic:
    groups = [GroupPublic(id=gid, name=name) for gid, name in village.groups.items()]
    return VillagePublic(id=village.id, version=village.version, name=village.name, code=village.code, groups=groups)


@township_router.get("", name="township.get")
def get_township(app: AppDep, caller: CallerDep) -> TownshipPublic:
    """The township whose record this is."""
    township = app.township()
    return TownshipPublic(id=township.id, name=township.name, code=township.code)


@router.post("", status_code=201, name="villages.register")
def register_village(body: VillageCreate, app: AppDep, caller: CallerDep) -> CommandResult:
    """Register a village of the township."""
    return result(app.register_village(body.name, body.code, caller.username, body.occurred_at))


@router.get("", name="villages.list")
def list_villages(app: AppDep, caller: CallerDep) -> list[VillagePublic]:
    """The villages, in the order registered (a cadre sees only their own)."""
    villages = app.aggregates_created_by(Village.Registered, Village)
    return [
        village_public(v)
        for v in villages
        if not caller.is_village_scoped or v.id == caller.village_id
    ]


@router.get("/{village_id}", name="villages.get")
def get_village(village_id: uuid.UUID, app: AppDep, caller: CallerDep) -> VillagePublic:
    """One village with its groups."""
    check_village(caller, village_id)
    return village_public(app.get(Village, village_id, "村"))


@router.post("/{village_id}/rename", name="villages.rename")
def rename_village(
    village_id: uuid.UUID, body: VillageRename, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> CommandResult:
    """Rename the village, with a reason; its code stays, and the record keeps the old name."""
    return result(
        app.rename_village(village_id, body.name, body.reason, caller.username,
                           expected_version(if_match, body.expected_version))
    )


@router.post("/{village_id}/groups", status_code=201, name="villages.add_group")
def add_group(
    village_id: uuid.UUID, body: GroupCreate, app: AppDep, caller: CallerDep, if_match: IfMatchDep
) -> GroupAdded:
    """Add a group (组/社) to the village."""
    outcome, group_id = app.add_group(
        village_id, body.name, caller.username, expected_version(if_match, body.expected_version)
    )
    return GroupAdded(**result(outcome).model_dump(), group_id=group_id)
