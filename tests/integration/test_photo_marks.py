"""Every way a photo is cited goes through the commands, which copy the marks the evidence store read from it
into the record: on SQLite and PostgreSQL, from the command line too, and for photos stored before marks existed."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from typer.testing import CliRunner

from domain.acts import Evidence, PhotoMarks, Resources
from domain.local_time import CHINA
from domain.problem import Problem
from domain.vocabulary import Category, Source
from taizhang.application import Taizhang
from taizhang.bootstrap import build_app
from taizhang.cli.root import cli
from taizhang.commands.problems import DeadlineRequest
from taizhang.settings import Settings
from taizhang.store.evidence import EvidenceStore
from taizhang.store.photo_marks import marks_path
from tests.support.pictures import jpeg, scene

TAKEN = datetime(2023, 2, 28, 16, 40, tzinfo=CHINA)


def cited_references(app: Taizhang, problem_id: uuid.UUID) -> list[list[dict[str, str]]]:
    events = [app.mapper.to_domain_event(e) for e in app.recorder.select_events(problem_id)]
    return [e.evidence for e in events if isinstance(e, Problem.Registered | Problem.RectificationReported)]


def test_a_cited_photo_carries_its_marks_and_one_stored_before_marks_is_read_when_first_cited(
        app: Taizhang, settings: Settings) -> None:
    store = EvidenceStore(settings.evidence_root, settings.evidence_max_bytes)
    found = store.put([jpeg(scene(3), taken=TAKEN, gps=(34.25, 105.5))], "image/jpeg").sha256
    assert marks_path(store.path_of(found)).is_file(), "read once, when stored"
    older = store.put([jpeg(scene(4), 70)], "image/jpeg").sha256
    marks_path(store.path_of(older)).unlink()  # as a photo stored before photos were marked
    broken = store.put([b"\xff\xd8\xff\xe0 not a picture after all"], "image/jpeg").sha256
    pdf = store.put([b"%PDF-1.4\n" + b"0" * 100], "application/pdf").sha256
    simulated = PhotoMarks("00000000ffffffff")

    village = app.register_village("东沟村", "v01", "admin").id
    pid = app.register_problem(Source.TOWNSHIP_PATROL, Category.INFORMAL_DUMP, village, "村口", "路边垃圾", "clerk",
                               evidence=[Evidence(found, "发现.jpg", "image/jpeg"),
                                         Evidence(pdf, "交办单.pdf", "application/pdf")]).id
    app.assign_problem(pid, DeadlineRequest(working_days=5), "clerk")
    app.report_rectification(pid, "已清运", [Evidence(older, "整改.jpg", "image/jpeg"),
                                            Evidence(broken, "坏图.jpg", "image/jpeg"),
                                            Evidence("c" * 64, "未存.jpg", "image/jpeg", simulated)],
                             Resources(), "cadre")

    [photo, document], [resaved, undecodable, given] = cited_references(app, pid)
    assert photo["taken_at"] == "2023-02-28T16:40:00+08:00"
    assert (photo["latitude"], photo["longitude"]) == ("34.250000", "105.500000")
    assert len(photo["phash"]) == 16 and set(document) == {"sha256", "name", "media_type"}
    assert resaved["phash"] and "taken_at" not in resaved and "latitude" not in resaved
    assert marks_path(store.path_of(older)).is_file(), "read at its first citation, and kept"
    assert set(undecodable) == {"sha256", "name", "media_type"}, "stored and cited, unmarked"
    assert given["phash"] == "00000000ffffffff", "a reference already marked keeps its marks"
    assert app.problem(pid).stage.value == "rectification_reported"


def test_a_photo_given_by_its_path_on_the_command_line_is_marked_in_the_record(tmp_path: Path) -> None:
    data, picture = tmp_path / "record", tmp_path / "村口.jpg"
    picture.write_bytes(jpeg(scene(5), taken=TAKEN))
    env = {"TAIZHANG_STORE": "sqlite", "TAIZHANG_ADMIN_PASSWORD": "Tz-desk-2023!x"}

    def run(*args: str) -> str:
        done = CliRunner().invoke(cli, [*args, "--data", str(data)], env=env)
        assert done.exit_code == 0, done.output
        return done.output.strip()

    run("init", "--township", "示例镇", "--code", "sl", "--admin", "boss")
    run("villages", "register", "v01", "东沟村", "--actor", "boss")
    problem = run("problems", "register", "--source", "镇巡查", "--category", "白色垃圾", "--village", "v01",
                  "--place", "村口", "--description", "塑料袋", "--evidence", str(picture), "--actor", "boss", "-q")
    app = build_app(Settings(store="sqlite", data_dir=data))
    try:
        [[reference]] = cited_references(app, uuid.UUID(problem))
    finally:
        app.close()
    assert reference["name"] == "村口.jpg" and reference["taken_at"] == "2023-02-28T16:40:00+08:00"
    assert len(reference["phash"]) == 16
