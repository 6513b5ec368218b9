"""Dependencies point inward: read from the source's own imports (function-level ones included).

The domain knows nothing of the product; the read models know only the domain; the application and
its command line know nothing of the HTTP interfaces; the web workspace takes nothing from the API;
the API reaches the web only through its mount. The command line starts the server by naming its
factory (``api.app:create_served_api``), as an ASGI server is pointed at an app, not by importing it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCT = ("domain", "projections", "taizhang", "api", "web")
OUTSIDE = ("tests", "features", "bench")


def imports(package: str) -> list[tuple[str, str]]:
    """Every module a package's source imports, with the file that imports it."""
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.append((str(path.relative_to(ROOT)), node.module))
            elif isinstance(node, ast.ImportFrom):
                raise AssertionError(f"{path}: relative imports hide which package is meant")
    return found


def offending(package: str, allowed: set[str], forbidden: tuple[str, ...] = PRODUCT + OUTSIDE) -> list[str]:
    """The imports of ``package`` that reach a forbidden package, other than the modules allowed."""
    bad = []
    for where, module in imports(package):
        top = module.split(".")[0]
        if top == package or top not in forbidden:
            continue
        if module in allowed:
            continue
        bad.append(f"{where}: {module}")
    return bad


def test_the_domain_imports_nothing_of_the_product() -> None:
    assert offending("domain", set()) == []


def test_the_domain_imports_only_the_standard_library_eventsourcing_domain_and_pydantic() -> None:
    third_party = {
        module for _, module in imports("domain")
        if module.split(".")[0] not in sys.stdlib_module_names and module.split(".")[0] not in ("domain", "__future__")
    }
    assert {m for m in third_party if m != "eventsourcing.domain" and not m.startswith("pydantic")} == set()


def test_the_read_models_import_only_the_domain() -> None:
    assert offending("projections", set(), forbidden=("taizhang", "api", "web", *OUTSIDE)) == []


def test_the_application_and_its_command_line_import_nothing_of_the_api_or_the_web() -> None:
    assert offending("taizhang", set(), forbidden=("api", "web", *OUTSIDE)) == []


def test_the_web_workspace_imports_nothing_of_the_api() -> None:
    assert offending("web", {"api.app"}, forbidden=("api", *OUTSIDE)) == []


def test_the_api_reaches_the_web_only_through_its_mount() -> None:
    assert offending("api", {"web"}, forbidden=("web", *OUTSIDE)) == []


@pytest.mark.parametrize("package", PRODUCT)
def test_no_product_package_imports_tests_or_benchmarks(package: str) -> None:
    assert offending(package, set(), forbidden=OUTSIDE) == []


def test_the_check_itself_sees_a_forbidden_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A package that imports upward, even inside a function, is named (so the checks above can fail)."""
    package = tmp_path / "domain"
    package.mkdir()
    (package / "leaky.py").write_text("def f():\n    from taizhang.commands.pay import PayCommands\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert offending("domain", set()) == ["domain/leaky.py: taizhang.commands.pay"]
