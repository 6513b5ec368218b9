"""Letters, public reports, bulletins, the year-end and the refusals of the command line, on SQLite."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from domain.assessment.reports import ReportStage
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from tests.assessment.cli.desk import Desk, small_township

EXAMPLE_RULES = Path(__file__).parents[3] / "docs" / "examples" / "rules-2023.yaml"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Taizhang]:
    application = build_app(
        Settings(store="sqlite", data_dir=tmp_path), SimulatedClock(datetime(2023, 1, 2, tzinfo=UTC))
    )
    application.init_store("simulation", "示例镇", "demo", "admin")
    small_township(application)
    yield application
    application.close()


@pytest.fixture
def desk(app: Taizhang, tmp_path: Path) -> Desk:
    return Desk(Settings(store="sqlite", data_dir=tmp_path), tmp_path)


def test_a_household_letter_signed_counts_until_revoked(desk: Desk, app: Taizhang) -> None:
    desk.ok(
        "letters", "households", "v01", "4", "--as-on", "2023-01-01", "--source", "2023 年户籍统计", "--actor", "clerk"
    )
    letter = desk.record("letters", "draft", "five_guarantees", "--village", "v01", "--household", "一组 3 号",
                         "--from", "2023-01-01", "--to", "2023-12-31", "--target", "包卫生", "--target", "包秩序",
                         "--actor", "clerk")
    desk.ok(
        "letters",
        "sign",
        letter,
        "--side",
        "first",
        "--signatory",
        "东沟村委会",
        "--day",
        "2023-01-05",
        "--actor",
        "clerk",
    )
    desk.ok(
        "letters",
        "sign",
        letter,
        "--side",
        "second",
        "--signatory",
        "一组 3 号户主",
        "--day",
        "2023-01-06",
        "--actor",
        "clerk",
    )
    covered = desk.json("coverage", "--on", "2023-03-31", "--village", "v01")
    [row] = covered["rows"]
    assert (row["village"], row["signed"], row["households"], row["percent"]) == ("东沟村", 1, 4, "25.00")
    assert (letter, 3) in {(a, v) for _, a, v in row["provenance"]["facts"]}
    signed_at = covered["as_of"]["position"]

    desk.ok("letters", "revoke", letter, "--day", "2023-06-01", "--reason", "农户迁出", "--actor", "clerk")
    assert desk.json("coverage", "--on", "2023-06-30", "--village", "v01")["rows"][0]["signed"] == 0
    assert desk.json("coverage", "--on", "2023-03-31", "--village", "v01")["rows"][0]["signed"] == 1  # before the day
    assert desk.json("coverage", "--on", "2023-06-30", "--as-of", str(signed_at))["rows"][0]["signed"] == 1
    head = desk.head()
    renewed = desk.run("letters", "renew", letter, "--from", "2024-01-01", "--to", "2024-12-31", "--actor", "clerk")
    assert renewed.exit_code == 2 and "责任书已于 2023-06-01 撤销" in renewed.stderr and desk.head() == head
    assert app.letter(uuid.UUID(letter)).revoked_on == date(2023, 6, 1)


def test_a_public_report_rewarded_and_another_rejected(desk: Desk, app: Taizhang) -> None:
    video = desk.folder / "night.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42 night dumping")
    report = desk.record(
        "reports",
        "submit",
        "--village",
        "v01",
        "--place",
        "河堤东侧",
        "--description",
        "夜间倾倒建筑垃圾",
        "--evidence",
        str(video),
        "--reporter-name",
        "张三",
        "--reporter-contact",
        "13800000000",
        "--actor",
        "qunzhong",
    )
    assert json.loads(app.reporter_identity(uuid.UUID(report)) or "") == {"name": "张三", "contact": "13800000000"}
    desk.ok("reports", "confirm", report, "--note", "现场核实", "--actor", "office")
    # The office's own patrol finds the dump; the finding goes into the ledger and the report is linked to it.
    desk.ok("rules", "adopt", str(EXAMPLE_RULES), "--actor", "office")
    patrol = desk.record("patrols", "record", "--day", "2023-03-06", "--village", "v01", "--inspector", "周巡查",
                         "--finding", "litter=1", "--evidence", f"litter={video}", "--actor", "inspector")
    problem = desk.record("patrols", "open-problem", patrol, "1", "--category", "informal_dump", "--place", "河堤东侧",
                          "--description", "建筑垃圾堆", "--actor", "office")
    assert app.patrol(uuid.UUID(patrol)).findings[0].problem_id == uuid.UUID(problem)
    desk.ok("reports", "link", report, "--problem", problem, "--actor", "office")
    same_hand = desk.run("reports", "approve-reward", report, "--amount", "200", "--actor", "office")
    assert same_hand.exit_code == 2 and "核查人不能批准自己核查的举报奖励" in same_hand.stderr
    desk.ok("reports", "approve-reward", report, "--amount", "200", "--actor", "director")
    desk.ok("reports", "pay-reward", report, "--reference", "现金-001", "--actor", "cashier")
    paid = app.public_report(uuid.UUID(report))
    assert paid.stage == ReportStage.PAID and paid.reward == 200 and paid.problem_id == uuid.UUID(problem)
    desk.ok("reports", "forget-identity", report, "--reason", "举报人依法申请删除个人信息", "--actor", "director")
    assert app.public_report(uuid.UUID(report)).identity_forgotten
    refused = desk.run("reports", "forget-identity", report, "--reason", "再次", "--actor", "director")
    assert refused.exit_code == 2 and "举报人身份信息已销毁" in refused.stderr

    sha = hashlib.sha256(video.read_bytes()).hexdigest()
    other = desk.record("reports", "submit", "--village", "v02", "--place", "路边", "--description", "堆放物",
                        "--evidence", sha, "--actor", "qunzhong")
    desk.ok("reports", "reject", other, "--reason", "核查为正常堆放的建材", "--actor", "office")
    assert app.public_report(uuid.UUID(other)).stage == ReportStage.REJECTED


def test_a_quarter_bulletin_prints_byte_for_byte_and_the_year_end_freezes(desk: Desk, app: Taizhang) -> None:
    desk.ok("rules", "adopt", str(EXAMPLE_RULES), "--actor", "office")
    for day in ("2023-02-06", "2023-02-13"):
        desk.record("patrols", "record", "--day", day, "--village", "v01", "--cleaner", "李娟", "--inspector", "周巡查",
                    "--actor", "inspector")
    unpublished = desk.run("bulletins", "show", "2023", "1")
    assert unpublished.exit_code == 2 and "2023 年第 1 季度通报尚未发布" in unpublished.stderr
    for month in ("2023-01", "2023-02", "2023-03"):
        desk.ok("months", "close", month, "--actor", "office")
    published = desk.folder / "q1.txt"
    said = desk.ok("bulletins", "publish", "2023", "1", "--out", str(published), "--actor", "office")
    digest = hashlib.sha256(published.read_bytes()).hexdigest()
    assert digest in said and app.bulletin(2023, 1).text_sha256 == digest
    assert "\n四、红黑榜\n" in published.read_text("utf-8")  # the list under the bulletin's own digest

    # Later records change nothing in the published text.
    desk.record(
        "patrols", "record", "--day", "2023-04-03", "--village", "v02", "--inspector", "周巡查", "--actor", "inspector"
    )
    shown = desk.run("bulletins", "show", "2023", "1")
    assert shown.exit_code == 0 and shown.stdout_bytes == published.read_bytes()
    assert f"发布时 sha256 {digest}；重新生成 sha256 {digest}（一致）" in shown.stderr
    as_json = desk.json("bulletins", "show", "2023", "1")
    assert as_json["matches"] and as_json["text"].encode() == published.read_bytes()
    assert len(as_json["provenance"]["facts"]) == 3  # the three closings it rests on

    head = desk.head()
    early = desk.run("freeze-year-end", "2023", "--actor", "director")
    assert early.exit_code == 2 and "2023 年还有 9 个月未结账" in early.stderr and desk.head() == head
    for month in range(4, 13):
        desk.ok("months", "close", f"2023-{month:02d}", "--actor", "office")
    desk.ok("freeze-year-end", "2023", "--actor", "director")
    detail = desk.json("year-end-detail", "2023", "--person", "王建国")
    assert detail["frozen"] and detail["frozen_digest"] == app.year_end_record(2023).digest
    assert [r["month"] for r in detail["rows"]] == [f"2023-{m:02d}" for m in range(1, 13)]
    assert {r["person"] for r in detail["rows"]} == {"王建国"} and detail["rows"][1]["rank"] == 1  # February: 2 patrols
    [contact] = [a for a in app.year_end_assessment(2023) if a.person_name == "王建国"]
    assert detail["assessed"] == [{"person": "王建国", "role": "village_contact_cadre", "points": str(contact.points),
                                   "months_not_closed": []}]


def test_refusals_name_what_is_wrong_and_write_nothing(desk: Desk, app: Taizhang) -> None:
    broken = desk.folder / "rules.yaml"
    broken.write_text(EXAMPLE_RULES.read_text(encoding="utf-8").replace("rating_method: mean", "rating_method: median"),
                      encoding="utf-8")
    head = desk.head()
    refused = desk.run("rules", "adopt", str(broken), "--actor", "office")
    assert refused.exit_code == 2 and "规则文件" in refused.stderr and "rating_method" in refused.stderr
    assert desk.head() == head
    as_json = desk.folder / "rules.json"
    as_json.write_text('{"version_id": "2023-01"', encoding="utf-8")
    refused = desk.run("rules", "adopt", str(as_json), "--actor", "office")
    assert refused.exit_code == 2 and "不是有效的 JSON/YAML" in refused.stderr

    desk.ok("rules", "adopt", str(EXAMPLE_RULES), "--actor", "office")
    head = desk.head()
    photo = desk.photo()
    cases = [
        (["--finding", "piles=1"], "扣分项 “piles” 没有证据"),
        (["--finding", "piles=1", "--evidence", f"piles={photo}", "--finding", "bins=2"], "扣分项 “bins” 没有证据"),
        (["--finding", "piles=two", "--evidence", f"piles={photo}"], "处数 “two” 不是正整数"),
        (["--cleaner", "张书记"], "张书记 在 2023-03-06 不是 东沟村 的保洁员"),
        (["--group", "九组"], "东沟村 没有小组 “九组”"),
    ]
    for extra, message in cases:
        result = desk.run("patrols", "record", "--day", "2023-03-06", "--village", "v01", "--inspector", "周巡查",
                          *extra, "--actor", "inspector")
        assert result.exit_code == 2 and message in result.stderr, (extra, result.stderr)
    unknown_village = desk.run("patrols", "record", "--day", "2023-03-06", "--village", "v09", "--inspector", "周巡查",
                              "--actor", "inspector")
    assert unknown_village.exit_code == 2 and "找不到编码为 v09 的村" in unknown_village.stderr
    assert desk.head() == head
    assert not (desk.folder / "evidence").exists()  # refused while reading the input: no photo stored either

    # The rules refuse an item they do not have; the photo was already stored, as an upload is, cited by nothing.
    result = desk.run("patrols", "record", "--day", "2023-03-06", "--village", "v01", "--inspector", "周巡查",
                      "--finding", "junk=1", "--evidence", f"junk={photo}", "--actor", "inspector")
    assert result.exit_code == 2 and "规则 2023-01 没有扣分项 “junk”" in result.stderr
    assert desk.head() == head
