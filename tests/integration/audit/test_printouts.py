"""Printouts you can check: the QR code in a printed pay sheet (Excel) and bulletin (Word), read back and checked.

The township prints from the command line with its county witness configured; the code in each file
is read by a maintained QR decoder (zxing-cpp) from the image embedded in the file, and checked with
``taizhang audit check-print``. A document with another digest is named as not matching.
"""

from __future__ import annotations

import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from domain.assessment.paysheet import SheetKind
from domain.assessment.values import Month
from taizhang.application import Taizhang
from taizhang.audit.printed import Payload, content_digest, read_codes, sheet_content
from taizhang.audit.stores import audit_service
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.assessment.township import found, patrol, township
from tests.integration.audit.county import County, county_witness, run

MARCH = Month(2023, 3)


@pytest.fixture
def assessed(app: Taizhang, clock: SimulatedClock) -> Taizhang:
    """A quarter patrolled and closed, its bulletin published, March's cleaner bonus drafted and approved."""
    t = township(app)
    clock.set(datetime(2023, 3, 25, tzinfo=UTC))
    for month in (1, 2, 3):
        for day in (6, 13):
            patrol(app, t, date(2023, month, day), None, True, found("bins"))
    clock.set(datetime(2023, 4, 2, tzinfo=UTC))
    for month in (1, 2, 3):
        app.close_month(Month(2023, month), "王芳")
    app.publish_bulletin(2023, 1, "王芳", {})
    app.draft_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "王芳")
    app.approve_pay_sheet(SheetKind.CLEANER_BONUS, MARCH, "刘强")
    return app


@pytest.fixture
def county(assessed: Taizhang, township_settings: Settings, tmp_path: Path):  # type: ignore[no-untyped-def]
    with county_witness(tmp_path / "county", "jiwei.county.example/w", audit_service(assessed, township_settings)) as c:
        yield c


def with_witness(settings: Settings, county: County) -> dict[str, str]:
    return {"TAIZHANG_WITNESS_URL": county.url, "TAIZHANG_WITNESS_KEY": county.key.text()}


def codes_in(office_file: Path) -> list[str]:
    """Every QR code in the images a Word or Excel file embeds, as ``audit check-print`` reads a scan."""
    with zipfile.ZipFile(office_file) as opened:
        images = [opened.read(name) for name in opened.namelist() if "/media/" in name]
    return [text for data in images for text in read_codes(data)]


def test_a_printed_pay_sheet_carries_a_code_that_checks_against_the_witnessed_record(
    assessed: Taizhang, township_settings: Settings, county: County, tmp_path: Path
) -> None:
    env = with_witness(township_settings, county)
    sheet = tmp_path / "发放表.xlsx"
    code, out = run(township_settings, "pay-sheet", "cleaner_bonus", "2023-03", "--xlsx", str(sheet), **env)
    assert code == 0, out
    [printed] = codes_in(sheet)
    payload = Payload.parse(printed)
    assert payload.document == "pay-sheet/cleaner_bonus/2023-03" and payload.origin == "taizhang/demo"
    assert payload.position == assessed.recorder.max_notification_id() and payload.checkpoint_size is not None
    cells = [str(c) for row in load_workbook(sheet).active.iter_rows(values_only=True) for c in row if c]
    assert f"核验码：{printed}" in cells  # the text form, for eyes and typing

    code, out = run(township_settings, "audit", "check-print", printed, "--witness", county.key.text())
    assert code == 0 and out.startswith("相符 / MATCHES"), out
    assert "jiwei.county.example/w" in out

    photo = tmp_path / "photo.png"
    with zipfile.ZipFile(sheet) as opened:
        photo.write_bytes(opened.read(next(n for n in opened.namelist() if "/media/" in n)))
    assert run(township_settings, "audit", "check-print", "--image", str(photo))[0] == 0

    # A sheet whose amount was changed and sealed again by hand: its digest is not the record's.
    table = load_workbook(sheet).active
    rows = sheet_content(table)[: next(i for i, r in enumerate(sheet_content(table)) if r.startswith("核验码"))]
    rows = [row.rstrip("\t") for row in rows]
    forged_rows = [row.replace("90.00", "990.00") for row in rows]
    assert forged_rows != rows
    forged = Payload(payload.origin, payload.document, payload.position, content_digest(forged_rows),
                     payload.checkpoint_size, payload.checkpoint_root)
    code, out = run(township_settings, "audit", "check-print", forged.text())
    assert code == 1 and out.startswith("不相符 / DOES NOT MATCH"), out
    assert f"printed {forged.digest}" in out and f"record   {payload.digest}" in out


def test_a_printed_bulletin_in_word_checks_and_a_wrong_position_does_not(
    assessed: Taizhang, township_settings: Settings, county: County, tmp_path: Path
) -> None:
    env = with_witness(township_settings, county)
    word = tmp_path / "通报.docx"
    code, out = run(township_settings, "bulletins", "show", "2023", "1", "--docx", str(word), "--out",
                    str(tmp_path / "q1.txt"), **env)
    assert code == 0, out
    [printed] = codes_in(word)
    payload = Payload.parse(printed)
    assert payload.document == "bulletin/2023/1"
    code, out = run(township_settings, "audit", "check-print", printed)
    assert code == 0 and out.startswith("相符 / MATCHES"), out
    bulletin = assessed.bulletin(2023, 1)
    assert bulletin is not None
    early = Payload(payload.origin, payload.document, bulletin.as_of_position - 1, payload.digest)
    code, out = run(township_settings, "audit", "check-print", early.text())
    assert code == 1 and "不相符 / DOES NOT MATCH" in out and "not published at that position" in out


def test_the_red_and_black_list_printed_for_posting_in_word_and_excel_checks(
    assessed: Taizhang, township_settings: Settings, tmp_path: Path
) -> None:
    word, excel = tmp_path / "红黑榜.docx", tmp_path / "红黑榜.xlsx"
    code, out = run(township_settings, "bulletins", "red-black", "2023", "1", "--docx", str(word), "--xlsx",
                    str(excel))
    assert code == 0, out
    for printed_file, kind in ((word, "docx"), (excel, "xlsx")):
        [printed] = codes_in(printed_file)
        assert Payload.parse(printed).document == f"red-black/2023/1/{kind}"
        code, out = run(township_settings, "audit", "check-print", printed)
        assert code == 0 and out.startswith("相符"), out
        other = Payload.parse(printed)
        wrong_kind = Payload(other.origin, f"red-black/2023/1/{'xlsx' if kind == 'docx' else 'docx'}",
                             other.position, other.digest)
        code, out = run(township_settings, "audit", "check-print", wrong_kind.text())
        assert code == 1 and "不相符 / DOES NOT MATCH" in out


def test_the_rankings_year_end_and_summary_carry_codes_that_check(
    assessed: Taizhang, township_settings: Settings, county: County, tmp_path: Path
) -> None:
    """Without a witness configured: sealed with the township's checkpoint, matching but not witnessed."""
    summary = tmp_path / "总结.docx"
    code, out = run(township_settings, "summary", "--from", "2023-01-01", "--to", "2023-03-31", "--format", "docx",
                    "--out", str(summary))
    assert code == 0, out
    [printed] = codes_in(summary)
    code, out = run(township_settings, "audit", "check-print", printed)
    assert code == 0 and out.startswith("相符但未经见证 / MATCHES, NOT WITNESSED"), out
    year_end = tmp_path / "年终考核.xlsx"
    assert run(township_settings, "year-end", "2023", "--xlsx", str(year_end))[0] == 0
    [printed_year_end] = codes_in(year_end)
    assert Payload.parse(printed_year_end).document == "year-end/2023"
    assert run(township_settings, "audit", "check-print", printed_year_end)[0] == 0
    seal_position = Payload.parse(printed).position
    rankings = assessed.export_rankings(MARCH, seal_position, _seal(assessed, township_settings, seal_position))
    path = tmp_path / "排名.xlsx"
    path.write_bytes(rankings)
    [printed] = codes_in(path)
    assert run(township_settings, "audit", "check-print", printed)[0] == 0


def _seal(app: Taizhang, settings: Settings, position: int):  # type: ignore[no-untyped-def]
    from taizhang.audit.reprint import print_seal, rankings_document

    return print_seal(app, settings, rankings_document(MARCH), position)


def test_the_api_serves_the_bulletin_in_word_with_its_code(
    assessed: Taizhang, township_settings: Settings, tmp_path: Path
) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_api
    from domain.account import AccessRole
    from taizhang.bootstrap import build_side_tables
    from tests.api.conftest import FAST_HASHER, PASSWORD, sign_in

    tables = build_side_tables(township_settings)
    api = create_api(township_settings, application=assessed, side_tables=tables, password_hasher=FAST_HASHER)
    api.state.context.desk.open("office", PASSWORD, AccessRole.ENVIRONMENT_OFFICE, "setup")
    try:
        with TestClient(api) as client:
            answer = client.get("/bulletins/2023/1?format=docx", headers=sign_in(client, "office"))
    finally:
        tables.close()
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/vnd.openxml")
    word = tmp_path / "q1.docx"
    word.write_bytes(answer.content)
    [printed] = codes_in(word)
    code, out = run(township_settings, "audit", "check-print", printed)
    assert code == 0 and out.startswith("相符"), out
