"""Every refusal has a name in the township's words, its own: features and pages name refusals by it."""

from __future__ import annotations

import importlib
import pkgutil

import domain
import projections
import taizhang
import web
from domain.errors import DomainError, refusal_kinds


def every_product_module() -> None:
    for package in (domain, projections, taizhang, web):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            importlib.import_module(module.name)


def test_every_refusal_of_the_product_has_a_title_of_its_own() -> None:
    every_product_module()
    kinds = refusal_kinds()
    assert len(kinds) > 40
    untitled = [k.__name__ for k in kinds if k is not DomainError and k.title == DomainError.title]
    assert untitled == []
    by_title: dict[str, list[str]] = {}
    for kind in kinds:
        by_title.setdefault(kind.title, []).append(kind.__name__)
    assert {t: names for t, names in by_title.items() if len(names) > 1} == {}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in kind.title) for kind in kinds)
