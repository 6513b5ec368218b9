"""Evidence a clerk can see: a photo's thumbnail is made once, opens the photo, and only for whoever may see it.

A problem registered in 东沟村 with a photo: its page shows the thumbnail, which opens the file; the
thumbnail is made on the first request and never again, however many ask at once; a cadre of another
village is answered as if neither existed; a PDF opens whole and has no thumbnail.
"""

from __future__ import annotations

import hashlib
import io
import threading

from PIL import Image

from taizhang.store.photos import THUMBNAIL_SIZE, Thumbnails
from tests.web.conftest import Site, csrf_of


def jpeg(width: int = 1600, height: int = 1200) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (150, 90, 40)).save(out, "JPEG")
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def registered_with(site: Site, files: list[tuple[str, bytes, str]]) -> str:
    office = site.signed_in("office")
    form = office.get("/web/problems/new").text
    village = site.seeded.villages["v01"]
    answer = office.post("/web/problems", data={
        "csrf_token": csrf_of(form), "source": "township_patrol", "category": "plastic_litter",
        "village_id": str(village), "place": "村口", "description": "塑料袋散落",
    }, files=[("evidence", f) for f in files])
    assert answer.status_code == 200 and "已登记" in answer.text, answer.text[:400]
    return str(answer.url).split("?")[0].rsplit("/", 1)[-1]


def test_a_photos_thumbnail_is_made_once_and_shown_only_to_whoever_may_see_the_problem(site: Site) -> None:
    taken = jpeg()
    problem = registered_with(site, [("发现.jpg", taken, "image/jpeg"), ("记录.pdf", PDF, "application/pdf")])
    office = site.signed_in("office")
    page = office.get(f"/web/problems/{problem}").text
    photo, document = hashlib.sha256(taken).hexdigest(), hashlib.sha256(PDF).hexdigest()
    assert f"/evidence/{photo}/thumbnail" in page and f'href="/web/evidence/{document}"' in page

    [web] = [route for route in site.api.routes if getattr(route, "path", "") == "/web"]
    thumbnails: Thumbnails = web.app.state.workspace.thumbnails  # type: ignore[attr-defined]
    answers: list[int] = []
    asking = [threading.Thread(target=lambda: answers.append(office.get(f"/web/evidence/{photo}/thumbnail")
                                                             .status_code)) for _ in range(6)]
    for thread in asking:
        thread.start()
    for thread in asking:
        thread.join()
    assert answers == [200] * 6 and thumbnails.made == 1  # six at once: made by one, waited for by five
    shown = Image.open(io.BytesIO(office.get(f"/web/evidence/{photo}/thumbnail").content))
    assert max(shown.size) <= max(THUMBNAIL_SIZE) and thumbnails.made == 1
    assert office.get(f"/web/evidence/{photo}").content == taken  # the thumbnail opens the photo itself
    assert office.get(f"/web/evidence/{document}/thumbnail").status_code == 404  # a PDF opens whole
    assert office.get(f"/web/evidence/{document}").headers["content-type"] == "application/pdf"

    own = site.signed_in("cadre")  # 东沟村's cadre sees their village's problem and its photo
    assert own.get(f"/web/evidence/{photo}/thumbnail").status_code == 200
    other = site.signed_in("cadre.other")  # 西岭村's, not
    for path in (f"/web/evidence/{photo}/thumbnail", f"/web/evidence/{photo}"):
        refused = other.get(path)
        assert refused.status_code == 404 and "找不到" in refused.text
