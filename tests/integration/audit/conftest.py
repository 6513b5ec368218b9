from __future__ import annotations

from pathlib import Path

import pytest

from taizhang.application import Taizhang
from taizhang.audit import keys
from taizhang.audit.service import AuditService
from taizhang.audit.stores import audit_service
from taizhang.settings import Settings


@pytest.fixture
def key_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "keys"
    keys.generate(folder)
    return folder


@pytest.fixture
def audit(app: Taizhang, settings: Settings, key_folder: Path) -> AuditService:
    return audit_service(app, settings, key_folder)


@pytest.fixture
def township_settings(settings: Settings, tmp_path: Path) -> Settings:
    """The township's settings: the test's store, its signing key in its own data folder."""
    own = settings.model_copy(update={"data_dir": tmp_path / "township", "sqlite_path": settings.sqlite_file})
    keys.generate(keys.key_folder(own.data_dir))
    return own


def fill(app: Taizhang, villages: int = 3) -> None:
    """A little real history: villages registered and one problem taken through a few steps."""
    from domain.vocabulary import Category, Source

    ids = [app.register_village(f"村{i}", f"v{i:02d}", "admin").id for i in range(villages)]
    app.register_problem(Source.TOWNSHIP_PATROL, Category.PLASTIC_LITTER, ids[0], "村口", "白色垃圾", "clerk")
