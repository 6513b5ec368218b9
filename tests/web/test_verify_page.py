"""/web/verify: a downloaded pay sheet's QR code, uploaded as a photo or typed, checked against the record."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from taizhang.audit import keys
from taizhang.audit.printed import Payload
from tests.web.assessed import Assessed, assessed_township  # noqa: F401 - importing registers the fixture "assessed"
from tests.web.conftest import csrf_of


def photographed(workbook: bytes) -> bytes:
    """The QR image embedded in the file, as a JPEG photo of the page would carry it (grey, scaled, lossy)."""
    with zipfile.ZipFile(io.BytesIO(workbook)) as opened:
        png = opened.read(next(name for name in opened.namelist() if "/media/" in name))
    picture = Image.open(io.BytesIO(png)).convert("L")
    picture = picture.resize((picture.width * 3, picture.height * 3)).rotate(4, expand=True, fillcolor=255)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def test_a_photo_of_a_downloaded_pay_sheet_is_checked_and_a_forged_code_is_not_matching(
    assessed: Assessed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = assessed.api.state.context
    settings = context.settings.model_copy(update={"data_dir": tmp_path, "sqlite_path": context.settings.sqlite_file})
    monkeypatch.setattr(context, "settings", settings)
    keys.generate(keys.key_folder(tmp_path))
    office = assessed.signed_in("office")
    sheet = office.get("/web/pay-sheets.xlsx?kind=cleaner_bonus&month=2023-03")
    assert sheet.status_code == 200

    cleaner = assessed.signed_in("cleaner")  # whoever may sign in may check a paper on the wall
    form = cleaner.get("/web/verify")
    assert form.status_code == 200 and "核验打印件" in form.text
    answer = cleaner.post("/web/verify", data={"csrf_token": csrf_of(form.text)},
                          files={"photo": ("wall.jpg", photographed(sheet.content), "image/jpeg")})
    assert answer.status_code == 200 and 'id="verdict">相符，尚未见证' in answer.text, answer.text[-2000:]
    code = answer.text.split('placeholder="TZ1 …">')[1].split("</textarea>")[0]
    payload = Payload.parse(code)
    assert payload.document == "pay-sheet/cleaner_bonus/2023-03"

    forged = Payload(payload.origin, payload.document, payload.position, "0" * 64, payload.checkpoint_size,
                     payload.checkpoint_root)
    answer = cleaner.post("/web/verify", data={"csrf_token": csrf_of(form.text), "code": forged.text()})
    assert 'id="verdict">不相符' in answer.text and "DOES NOT MATCH" in answer.text
    assert cleaner.get("/web/verify?code=nonsense").status_code == 422
    blank = cleaner.post("/web/verify", data={"csrf_token": csrf_of(form.text)},
                         files={"photo": ("blank.png", _blank_png(), "image/png")})
    assert blank.status_code == 422 and "没有找到台账核验码" in blank.text


def _blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (200, 200), 255).save(buffer, format="PNG")
    return buffer.getvalue()
