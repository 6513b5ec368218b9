"""有奖举报 from the browser: submitted with a photo, checked, linked to the problem it revealed, its reward approved
by another account than the checker's and paid; refused with a reason; the reporter never shown to the village cadre."""

from __future__ import annotations

import re

from domain.vocabulary import Category, Source
from tests.web.assessed import Assessed, assessed_township  # noqa: F401 - importing registers the fixture "assessed"
from tests.web.conftest import csrf_of, settle
from tests.web.test_patrol_pages import JPEG


def test_a_public_report_is_checked_linked_rewarded_and_paid_its_reporter_hidden_from_the_cadre(
    assessed: Assessed,
) -> None:
    office, office2, cadre = (assessed.signed_in(u) for u in ("office", "office2", "cadre"))
    problem = assessed.app.register_problem(Source.PUBLIC_REPORT, Category.INFORMAL_DUMP, assessed.town.east,
                                            "河堤东侧", "建筑垃圾", "office").id
    settle(assessed.api, assessed.app)
    form = office.get("/web/reports/new").text
    fields = {"csrf_token": csrf_of(form), "village_id": str(assessed.town.east), "place": "河堤东侧",
              "description": "夜间有人倾倒建筑垃圾", "reporter_name": "张三", "reporter_contact": "13800000000"}
    before = assessed.app.recorder.max_notification_id()
    refused = office.post("/web/reports", data=fields)
    assert refused.status_code == 422 and "证据" in refused.text and 'value="张三"' in refused.text
    assert assessed.app.recorder.max_notification_id() == before
    submitted = office.post("/web/reports", data=fields, files={"evidence": ("夜间.jpg", JPEG, "image/jpeg")})
    assert "举报已提交" in submitted.text and "张三" not in submitted.text  # opened on purpose only
    report = re.search(r"/reports/([0-9a-f-]{36})", str(submitted.url)).group(1)
    opened = office.post(f"/web/reports/{report}/identity", data={"csrf_token": csrf_of(submitted.text)})
    assert "张三 13800000000" in opened.text
    seen = cadre.get(f"/web/reports/{report}").text
    assert "张三" not in seen and "13800000000" not in seen and "已隐去" in seen and 'id="identity"' not in seen
    assert "核实群众举报" in office.get("/web/").text
    token = csrf_of(submitted.text)
    office.post(f"/web/reports/{report}/confirm", data={"csrf_token": token, "note": "现场核实"})
    assert "关联问题、审批奖励" in office2.get("/web/").text  # the next step, on the to-do list
    linked = office.post(f"/web/reports/{report}/link", data={"csrf_token": token, "problem_id": str(problem)})
    assert "已关联问题" in linked.text and 'id="linked-problem"' in linked.text
    own = office.post(f"/web/reports/{report}/reward", data={"csrf_token": token, "amount": "50"})
    assert own.status_code == 409 and 'value="50"' in own.text
    approved = office2.post(f"/web/reports/{report}/reward",
                            data={"csrf_token": csrf_of(office2.get(f"/web/reports/{report}").text), "amount": "50"})
    assert "奖励已批准" in approved.text and "登记奖励发放" in office.get("/web/").text
    paid = office.post(f"/web/reports/{report}/reward/paid", data={"csrf_token": token, "reference": "镇财政 2023-031"})
    assert "奖励已发放" in paid.text
    assert "张三" not in cadre.get(f"/web/reports/{report}").text


def test_a_report_is_rejected_with_a_reason(assessed: Assessed) -> None:
    office = assessed.signed_in("office")
    form = office.get("/web/reports/new").text
    submitted = office.post("/web/reports", data={
        "csrf_token": csrf_of(form), "village_id": str(assessed.town.west), "place": "村口", "description": "垃圾"},
        files={"evidence": ("a.jpg", JPEG, "image/jpeg")})
    report = re.search(r"/reports/([0-9a-f-]{36})", str(submitted.url)).group(1)
    token = csrf_of(submitted.text)
    refused = office.post(f"/web/reports/{report}/reject", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 422 and "原因" in refused.text
    rejected = office.post(f"/web/reports/{report}/reject", data={"csrf_token": token, "reason": "经核查系重复举报"})
    assert "已驳回" in rejected.text and "不予采纳" in rejected.text
    assert assessed.signed_in("cadre").get(f"/web/reports/{report}").status_code == 404  # another village's
