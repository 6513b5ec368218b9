"""Each page is open to exactly the roles that may call the API routes whose data it shows."""

from __future__ import annotations

import re
from pathlib import Path

from api.app import api_routes
from domain.account import AccessRole
from taizhang.access.policy import allows
from tests.web.conftest import Site
from tests.web.township import PEOPLE
from web.access import NAVIGATION, PAGE_AUDIENCE, PAGE_ROUTES, PAGES_WITHOUT_ROUTE

PAGES = Path(__file__).parents[2] / "web" / "pages"


def test_a_pages_audience_is_its_api_routes_audience(site: Site) -> None:
    routes = {entry.name for entry in api_routes(site.api)}
    for page, names in PAGE_ROUTES.items():
        assert names and set(names) <= routes, f"{page} names a route the API does not have: {names}"
        expected = {role for role in AccessRole if all(allows(name, role) for name in names)}
        assert PAGE_AUDIENCE[page] == expected, f"the {page} page's audience differs from {names}'"
    assert not PAGES_WITHOUT_ROUTE.keys() & PAGE_ROUTES.keys()


def test_every_page_a_handler_or_the_menu_names_has_a_decided_audience() -> None:
    named = {item.page for item in NAVIGATION}
    for module in PAGES.glob("*.py"):
        named |= set(re.findall(r'(?:check_page|may_see)\([^)]*?"(\w+)"\)', module.read_text(encoding="utf-8")))
    assert named and named <= PAGE_AUDIENCE.keys(), named - PAGE_AUDIENCE.keys()


def test_the_entity_history_is_for_inspectors_and_the_administrator_as_in_the_api() -> None:
    assert PAGE_AUDIENCE["audit"] == {AccessRole.INSPECTOR, AccessRole.TOWNSHIP_ADMIN}


def test_each_signed_in_role_is_refused_exactly_the_pages_its_api_routes_refuse(site: Site) -> None:
    cleaner = site.app.account("cleaner").person_id
    paths = {
        "ledger": "/web/ledger", "overdue": "/web/overdue", "audit": "/web/audit", "activity": "/web/audit/activity",
        "summary": "/web/summary", "rankings": "/web/rankings", "ratings": "/web/ratings",
        "pay_sheets": "/web/pay-sheets", "year_end": "/web/year-end", "cleaner": f"/web/cleaner?person={cleaner}",
        "register": "/web/problems/new", "problem": f"/web/problems/{site.seeded.problems['dump']}",
    }
    for username in PEOPLE:
        client, role = site.signed_in(username), PEOPLE[username][1]
        for page, path in paths.items():
            status = client.get(path).status_code
            allowed = role in PAGE_AUDIENCE[page]
            assert (status == 403) is not allowed, f"{username} ({role}) {path} → {status}"
            assert status < 500, f"{username} {path} → {status}"
