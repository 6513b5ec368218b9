"""The demo's people sign in: every act under an account opened before it, each seeing what its role allows."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_api
from domain.account import AccessRole, Account, check_username
from domain.organisation import Village
from domain.people import Person
from domain.problem import Problem
from taizhang.bootstrap import build_app
from taizhang.demo.accounts import DEMO_MARK, DEMO_PASSWORD, DemoAccount
from taizhang.demo.loader import DEFAULT_SEED, load_demo
from taizhang.demo.roster import demo_roster
from tests.conftest import STORES
from tests.demo.ledger_fold import stored_events
from tests.stores import store_settings


@dataclass
class LoadedDemo:
    events: list[Any]
    client: TestClient  # the API on the demo store, started once (it catches up its read models on start)


@pytest.fixture(scope="module", params=STORES)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoadedDemo]:
    with store_settings(request.param, tmp_path_factory.mktemp("demo")) as settings:
        load_demo(settings)
        app = build_app(settings)
        try:
            events = stored_events(app)
        finally:
            app.close()
        with TestClient(create_api(settings)) as client:
            yield LoadedDemo(events, client)


def test_every_act_is_under_a_username_whose_account_was_opened_before_it(demo: LoadedDemo) -> None:
    opened = {e.username: e.timestamp for e in demo.events if isinstance(e, Account.Opened)}
    acts = [e for e in demo.events if hasattr(e, "actor")]
    people_acts = [e for e in acts if not e.actor.startswith("system:")]
    assert len(people_acts) > 2000 and len(acts) - len(people_acts) <= 3  # the store's mark, township, first admin
    for event in people_acts:
        assert check_username(event.actor) == event.actor
        assert event.actor in opened and opened[event.actor] < event.timestamp, (event.actor, type(event).__name__)


def test_each_account_is_one_of_the_townships_people_and_marked_as_demo(demo: LoadedDemo) -> None:
    people = {e.name for e in demo.events if isinstance(e, Person.Enrolled)}
    accounts = [e for e in demo.events if isinstance(e, Account.Opened)]
    assert all(a.display_name.endswith(DEMO_MARK) for a in accounts)
    named = [a.display_name.removesuffix(DEMO_MARK) for a in accounts if a.access_role != AccessRole.PUBLIC_REPORTER]
    assert len(named) == len(accounts) - 1 and set(named) <= people and len(set(named)) == len(named)
    roles = {a.access_role for a in accounts}
    assert roles == set(AccessRole)


def test_each_account_but_the_reporters_names_its_own_person(demo: LoadedDemo) -> None:
    people = {e.originator_id: e.name for e in demo.events if isinstance(e, Person.Enrolled)}
    person_of: dict[uuid.UUID, uuid.UUID | None] = {}
    names: dict[uuid.UUID, str] = {}
    links = 0
    for event in demo.events:
        if isinstance(event, Account.Opened):
            person_of[event.originator_id], names[event.originator_id] = event.person_id, event.display_name
        elif isinstance(event, Account.PersonLinked):
            assert person_of[event.originator_id] is None and event.actor == "liu.qiang"  # named once enrolled
            person_of[event.originator_id] = event.person_id
            links += 1
    unnamed = [names[a] for a, person in person_of.items() if person is None]
    assert unnamed == ["群众举报人" + DEMO_MARK] and links == 5  # the township's five accounts opened first
    for account, person in person_of.items():
        if person is not None:
            assert names[account] == people[person] + DEMO_MARK
    assert len({p for p in person_of.values() if p is not None}) == len(person_of) - 1


def test_a_village_account_acts_only_on_its_own_villages_problems(demo: LoadedDemo) -> None:
    village_of: dict[uuid.UUID, uuid.UUID | None] = {}  # account id → the village it is limited to, as it goes
    problem_village: dict[uuid.UUID, uuid.UUID] = {}
    checked = 0
    for event in demo.events:
        if isinstance(event, (Account.Opened, Account.AccessChanged)):
            village_of[event.originator_id] = event.village_id
        elif isinstance(event, Problem.Registered):
            problem_village[event.originator_id] = event.village_id
        if isinstance(event, Problem.Event) and village_of.get(Account.id_for(event.actor)) is not None:
            assert problem_village[event.originator_id] == village_of[Account.id_for(event.actor)], event.actor
            checked += 1
    assert checked > 300


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/auth/token", data={"username": username, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def first_problem(demo: LoadedDemo, village_code: str, inside: bool = True) -> uuid.UUID:
    village = Village.id_for(village_code)
    return next(e.originator_id for e in demo.events
                if isinstance(e, Problem.Registered) and (e.village_id == village) == inside)


def secretary(roster: list[DemoAccount], village_code: str) -> str:
    return next(a.username for a in roster if a.works_in == village_code and a.post == "村支部书记")


def test_a_village_secretary_signs_in_and_sees_only_the_villages_problems(demo: LoadedDemo) -> None:
    roster = demo_roster(DEFAULT_SEED)
    village = next(e.village_id for e in demo.events if isinstance(e, Problem.Registered))
    code = next(a.works_in for a in roster if a.works_in and Village.id_for(a.works_in) == village)
    client = demo.client
    headers = sign_in(client, secretary(roster, code))
    me = client.get("/accounts/me", headers=headers).json()
    assert me["village_id"] == str(village) and me["display_name"].endswith(DEMO_MARK)
    own = client.get(f"/problems/{first_problem(demo, code)}", headers=headers)
    assert own.status_code == 200 and own.json()["village_id"] == str(village)
    assert client.get(f"/problems/{first_problem(demo, code, inside=False)}", headers=headers).status_code == 404


def test_a_cadre_who_moved_village_sees_the_new_villages_problems_not_the_old(demo: LoadedDemo) -> None:
    moved = [a for a in demo_roster(DEFAULT_SEED) if a.works_in == "hongxing" and a.post == "村干部"]
    changed = {e.originator_id for e in demo.events if isinstance(e, Account.AccessChanged)}
    (mover,) = [a for a in moved if Account.id_for(a.username) in changed]
    client = demo.client
    headers = sign_in(client, mover.username)
    assert client.get(f"/problems/{first_problem(demo, 'hongxing')}", headers=headers).status_code == 200
    assert client.get(f"/problems/{first_problem(demo, 'shiqiao')}", headers=headers).status_code == 404


def test_a_cleaner_who_left_can_no_longer_sign_in_and_their_successor_can(demo: LoadedDemo) -> None:
    roster = demo_roster(DEFAULT_SEED)
    (left,) = [a for a in roster if not a.active]
    successor = roster[-1]
    assert left.role == successor.role == AccessRole.CLEANER and successor.active
    client = demo.client
    refused = client.post("/auth/token", data={"username": left.username, "password": DEMO_PASSWORD})
    assert refused.status_code == 401
    assert client.get("/accounts/me", headers=sign_in(client, successor.username)).json()["username"] == (
        successor.username
    )


def test_the_readmes_sign_in_table_names_accounts_the_default_seed_opens() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.splitlines() if line.strip().startswith("| `")]
    named = {u for line in table for u in re.findall(r"`([a-z][a-z0-9_.-]+)`", line.split("|")[1])}
    roster = {a.username: a for a in demo_roster(DEFAULT_SEED)}
    assert len(named) >= 7 and named <= set(roster)
    assert DEMO_PASSWORD in readme
