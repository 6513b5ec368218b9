"""Work records, surveys, stations, the Excel ledger import and the summary, through the API."""

from __future__ import annotations

import io

from openpyxl import Workbook

from api.routes.summary import DOCX
from tests.api.conftest import Township
from tests.api.helpers import PHOTO, ok


def sheet(*rows: list[object]) -> bytes:
    book = Workbook()
    book.active.append(["来源", "类别", "村", "地点", "问题描述", "发现日期"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_sheet(township: Township, content: bytes) -> object:
    files = {"file": ("台账.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")}
    return township.client.post("/imports/excel-ledger", files=files, headers=township.as_("office"))


def test_work_is_recorded_corrected_and_summed_into_the_summary_with_provenance(township: Township) -> None:
    c, as_, village = township.client, township.as_, str(township.village)
    work = {"indicator": "five_piles_households", "quantity": "40", "village_id": village, "evidence": [PHOTO],
            "occurred_at": "2023-02-10T10:00:00+08:00"}
    first = ok(c.post("/work-records", json=work, headers=as_("office")), 201)
    ok(
        c.post(
            f"/work-records/{first['id']}/correct",
            json={"quantity": "45", "reason": "复核后更正"},
            headers=as_("office"),
        )
    )
    second = ok(c.post("/work-records", json={**work, "quantity": "7"}, headers=as_("office")), 201)
    ok(c.post(f"/work-records/{second['id']}/withdraw", json={"reason": "重复录入"}, headers=as_("office")))
    assert c.post("/work-records", json=work, headers=as_("cadre")).status_code == 403
    assert ok(c.post("/work-records", json={**work, "indicator": "no_such"}, headers=as_("office")), 422)
    survey = {"households": 300, "renovated": 120, "pending": 180, "occurred_at": "2023-02-11T10:00:00+08:00"}
    ok(c.post(f"/villages/{village}/toilet-survey", json=survey, headers=as_("office")))
    keeper = ok(c.post("/people", json={"name": "赵管护"}, headers=as_("office")), 201)["id"]
    station = {"village_id": village, "name": "东沟污水站", "custodian_id": keeper, "care_posts": 2,
               "occurred_at": "2023-02-12T10:00:00+08:00"}
    built = ok(c.post("/sewage-stations", json=station, headers=as_("office")), 201)
    other = ok(c.post("/people", json={"name": "钱管护"}, headers=as_("office")), 201)["id"]
    last = ok(c.post(f"/sewage-stations/{built['id']}/custodian", json={"custodian_id": other, "reason": "调岗"},
                     headers=as_("office")))

    query = {"from": "2023-01-01", "to": "2023-12-31", "wait_for_position": last["position"]}
    answer = ok(c.get("/summary", params=query, headers=as_("inspector")))
    figures = {f["code"]: f for f in answer["figures"]}
    assert figures["five_piles_households"]["value"] == "45" and figures["sewage_stations"]["value"] == "1"
    assert figures["toilet_households_renovated"]["value"] == "120"
    assert figures["five_piles_households"]["provenance"], "a figure names the events behind it"
    assert "XXX" not in answer["text"] and "{{" not in answer["text"]
    before = ok(c.get("/summary", params={**query, "as_of": "2023-03-01T08:00:00+08:00"}, headers=as_("admin")))
    assert {f["code"]: f["value"] for f in before["figures"]}["five_piles_households"] == "0"

    markdown = c.get("/summary", params={**query, "format": "md"}, headers=as_("office"))
    assert markdown.headers["content-type"].startswith("text/markdown") and markdown.text.startswith("# ")
    word = c.get("/summary", params={**query, "format": "docx"}, headers=as_("office"))
    assert word.headers["content-type"] == DOCX and word.content[:2] == b"PK"
    assert c.get("/summary", params=query, headers=as_("cadre")).status_code == 403


def test_a_bad_excel_ledger_is_refused_whole_with_its_rows_and_a_good_one_recorded(township: Township) -> None:
    positions = township.app.recorder.max_notification_id
    before = positions()
    refused = ok(upload_sheet(township, sheet(
        ["航拍反馈", "非正规垃圾堆放点", "东沟村", "桥头", "垃圾", "2023-01-05"],
        ["航拍反馈", "非正规垃圾堆放点", "没有村", "桥头", "垃圾", "2023-01-06"],
    )), 422)
    assert refused["code"] == "rejected_file" and [r["row"] for r in refused["details"]["rows"]] == [3]
    assert positions() == before
    assert ok(upload_sheet(township, b"not a workbook"), 422)["code"] == "rejected_file"
    good = ok(
        upload_sheet(township, sheet(["航拍反馈", "非正规垃圾堆放点", "东沟村", "桥头", "垃圾", "2023-01-05"])), 201
    )
    assert positions() > before and good["id"]
