"""Audit pages: a person's activity over a period, signed checkpoints and their verification after tampering."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taizhang.audit import keys
from taizhang.audit.stores import audit_service
from tests.integration.audit.tamper import delete_event
from tests.web.conftest import Site


def test_a_persons_activity_lists_what_they_recorded_in_the_period_with_their_role_then(site: Site) -> None:
    inspector = site.signed_in("inspector")
    page = inspector.get("/web/audit/activity?username=cadre&from=2024-04-01&to=2024-04-30").text
    assert "共记录 <strong>1</strong> 条" in page  # the dump's rectification (day 5); nothing else in April
    assert "整改上报" in page and "<td data-label=\"当时角色\">村干部</td>" in page
    later = inspector.get("/web/audit/activity?username=office2&from=2024-05-01&to=2024-05-31").text
    closed = len(re.findall(r'<td data-label="事项">销号</td>', later))
    assert closed == 2  # burning and river were closed in May


def test_checkpoints_show_size_root_and_key_and_verification_names_the_first_altered_event(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = site.api.state.context
    settings = context.settings.model_copy(update={"data_dir": tmp_path, "sqlite_path": context.settings.sqlite_file})
    monkeypatch.setattr(context, "settings", settings)
    office = site.signed_in("office")
    assert "还没有签名检查点" in office.get("/web/audit/checkpoints").text
    keys.generate(keys.key_folder(tmp_path))
    checkpoint = audit_service(site.app, settings).checkpoint()
    page = office.get("/web/audit/checkpoints").text
    assert f"<td data-label=\"事件数\">{checkpoint.tree_size}</td>" in page and checkpoint.key_id in page
    assert checkpoint.root_hash.hex()[:16] in page
    assert "一致" in office.get("/web/audit/checkpoints?verify=1").text
    assert delete_event(settings, 7) == 1
    verified = office.get("/web/audit/checkpoints?verify=1").text
    assert "不符" in verified and re.search(r'id="first-mismatch">\d+</strong>', verified)


def test_only_inspectors_and_admins_see_activity_and_cadres_no_checkpoints(site: Site) -> None:
    assert site.signed_in("office").get("/web/audit/activity?username=cadre").status_code == 403
    cadre = site.signed_in("cadre")
    assert cadre.get("/web/audit/checkpoints").status_code == 403
    assert cadre.get("/web/audit/activity?username=office").status_code == 403
