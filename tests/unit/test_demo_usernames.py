"""The demo's sign-in names: readable pinyin, one per person, and a loud refusal for a name it cannot read."""

from __future__ import annotations

import pytest

from domain.account import check_username
from taizhang.demo.township import GIVEN, SURNAMES
from taizhang.demo.usernames import reading, usernames_for


def test_a_name_reads_as_surname_dot_given_name() -> None:
    assert reading("王芳") == "wang.fang"
    assert reading("孙国华") == "sun.guohua"
    assert reading("吕金建") == "lv.jinjian"


def test_two_people_whose_names_read_alike_get_different_usernames() -> None:
    assert usernames_for(["王红", "王宏"]) == {"王红": "wang.hong", "王宏": "wang.hong2"}


def test_every_character_the_demo_names_people_with_has_a_reading() -> None:
    for surname in SURNAMES:
        for given in GIVEN:
            check_username(reading(surname + given + given))


def test_a_name_with_an_unknown_character_is_refused() -> None:
    with pytest.raises(ValueError, match="鑫"):
        reading("王鑫")
