"""A problem page with ten photos against the same page without any, as a real browser shows them.

    python -m bench.thumbnails_bench [--rounds 30]

One seeded township (tests/web/township.py) on SQLite, served by uvicorn as `taizhang serve` runs it;
two problems registered through the workspace's own form: one with ten camera-sized photos
(4000×3000 JPEG, about what a phone takes), one with none. Debian's headless Chromium, signed in as
the office, opens each page with its cache disabled (so every thumbnail is fetched every time, as on
a first visit) and the time until the page and all its pictures are shown is taken. The two pages
take turns so the shared machine's load falls on both; the figure is the rate of the page with
photos over the rate of the page without (target: at most 1.5 × its time). The first view, which
makes the ten thumbnails, is timed apart, and the thumbnail store's count shows each was made once.
"""

from __future__ import annotations

import argparse
import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from PIL import Image

from bench.harness import Figure, Timings, report
from taizhang.bootstrap import build_app
from taizhang.clock import SimulatedClock
from taizhang.settings import Settings
from taizhang.store.photos import Thumbnails
from tests.web.conftest import Site, csrf_of, settle
from tests.web.township import seed

TARGET = 1 / 1.5  # the page with photos takes at most 1.5 × the page without
PHOTOS = 10


def camera_photo(shade: int) -> bytes:
    """A photo as a phone takes it: 4000×3000 with some detail, so that decoding and scaling cost what they do."""
    picture = Image.effect_noise((4000, 3000), 40 + shade).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return out.getvalue()


def register(office: TestClient, site: Site, photos: list[bytes]) -> str:
    form = office.get("/web/problems/new").text
    answer = office.post("/web/problems", data={
        "csrf_token": csrf_of(form), "source": "township_patrol", "category": "plastic_litter",
        "village_id": str(site.seeded.villages["v01"]), "place": "村口", "description": "塑料袋散落",
    }, files=[("evidence", (f"现场{n}.jpg", photo, "image/jpeg")) for n, photo in enumerate(photos)])
    assert answer.status_code == 200 and "已登记" in answer.text, answer.text[:300]
    return str(answer.url).split("?")[0].rsplit("/", 1)[-1]


def shown(page: Any, address: str, expected_pictures: int) -> None:
    """Open the page and wait until every picture on it is decoded and shown."""
    page.goto(address, wait_until="load")
    page.wait_for_function(
        "n => { const pictures = Array.from(document.querySelectorAll('img.evidence-thumbnail, a.photo img'));"
        " return pictures.length === n && pictures.every(p => p.complete && p.naturalWidth > 0); }",
        arg=expected_pictures)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from api.app import create_api
    from taizhang.bootstrap import build_side_tables
    from taizhang.keystore import SQLiteKeyStore
    from tests.api.conftest import FAST_HASHER
    from tests.web.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, serving
    from tests.web.township import PASSWORD

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(store="sqlite", data_dir=Path(folder))
        clock = SimulatedClock(datetime(2023, 3, 1, 1, 0, tzinfo=UTC))
        app = build_app(settings, clock, SQLiteKeyStore(Path(folder) / "personal-keys.sqlite"))
        app.init_store("simulation", "示例镇", "demo", "admin")
        tables = build_side_tables(settings)
        api = create_api(settings, application=app, side_tables=tables, password_hasher=FAST_HASHER)
        seeded = seed(app, clock, api.state.context)
        with TestClient(api):
            settle(api, app)
            site = Site(api, app, clock, seeded)
            office = site.signed_in("office")
            with_photos = register(office, site, [camera_photo(n) for n in range(PHOTOS)])
            without = register(office, site, [])
        [web] = [route for route in api.routes if getattr(route, "path", "") == "/web"]
        with serving(api) as base, sync_playwright() as playwright:
            settle(api, app)
            thumbnails: Thumbnails = web.app.state.workspace.thumbnails  # type: ignore[attr-defined]
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            # Tall enough that no picture waits for a scroll: every thumbnail is fetched and shown.
            context = browser.new_context(viewport={**DESKTOP, "height": 4000}, locale="zh-CN")
            page = context.new_page()
            page.goto(f"{base}/web/login")
            page.fill("input[name=username]", "office")
            page.fill("input[name=password]", PASSWORD)
            page.click("button.primary")
            page.wait_for_selector("form.who")
            context.new_cdp_session(page).send("Network.setCacheDisabled", {"cacheDisabled": True})

            first = Timings()
            first.time(lambda: shown(page, f"{base}/web/problems/{with_photos}", PHOTOS))
            made_first = thumbnails.made
            photos_page, plain_page = Timings(), Timings()
            for _ in range(args.rounds):
                photos_page.time(lambda: shown(page, f"{base}/web/problems/{with_photos}", PHOTOS))
                plain_page.time(lambda: shown(page, f"{base}/web/problems/{without}", 0))
            made_after = thumbnails.made
            browser.close()
        tables.close()
        app.close()

    report("thumbnails", [Figure(
        "thumbnails", "sqlite", f"problem page with {PHOTOS} photos vs none",
        photos_page.rate, plain_page.rate, TARGET, "pages/s",
        details={"with_photos": photos_page.summary_ms(), "without_photos": plain_page.summary_ms(),
                 "first_view_ms": first.summary_ms()["p50_ms"],
                 "thumbnails_made_first_view": made_first, "thumbnails_made_after_all_views": made_after})],
        extra={"made_once": made_first == PHOTOS and made_after == PHOTOS})
    if not (made_first == PHOTOS == made_after):
        raise SystemExit(f"a thumbnail was made more than once: {made_first} then {made_after}")


if __name__ == "__main__":
    main()
