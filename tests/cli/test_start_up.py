"""The command line starts at once: its help loads no command, and no command loads what it does not use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from taizhang.cli.root import ENTRIES, cli, load

HEAVY = ("openpyxl", "docx", "psycopg", "fastapi", "uvicorn", "starlette", "jinja2", "pygal",
         "imagehash", "numpy", "scipy", "pywt")  # the photo marks' libraries load when a photo is stored


def in_a_fresh_interpreter(code: str) -> dict:  # type: ignore[type-arg]
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout.strip().splitlines()[-1])


def test_the_roots_help_loads_no_command_and_nothing_heavy() -> None:
    seen = in_a_fresh_interpreter(
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from taizhang.cli.root import cli\n"
        "out = CliRunner().invoke(cli, ['--help'])\n"
        "mine = sorted(m for m in sys.modules if m.startswith(('taizhang.', 'domain', 'projections')))\n"
        "print(json.dumps({'code': out.exit_code, 'text': out.output, 'loaded': mine}))"
    )
    assert seen["code"] == 0 and "rankings" in seen["text"] and "problems" in seen["text"]
    assert [m for m in seen["loaded"] if m not in ("taizhang.cli", "taizhang.cli.root", "taizhang.cli.errors")] == []


def test_no_command_loads_the_spreadsheet_word_postgresql_or_server_libraries_it_does_not_use() -> None:
    names = json.dumps(list(ENTRIES))
    seen = in_a_fresh_interpreter(
        "import json, sys\n"
        "from taizhang.cli.root import load\n"
        f"heavy = {HEAVY!r}\n"
        "offenders = {}\n"
        f"for name in {names}:\n"
        "    load(name)\n"
        "    found = [m for m in heavy if m in sys.modules]\n"
        "    if found:\n"
        "        offenders[name] = found\n"
        "        break\n"
        "print(json.dumps(offenders))"
    )
    assert seen == {}


def test_each_commands_listed_help_is_its_own() -> None:
    """The root lists each command's help from its table; the table says what the command itself says."""
    differ = {name: (entry.help, load(name).get_short_help_str(limit=1000))
              for name, entry in ENTRIES.items()
              if " ".join(entry.help.split()) != " ".join(load(name).get_short_help_str(limit=1000).split())}
    assert differ == {}


def test_a_command_on_sqlite_opens_its_store_without_loading_postgresql(tmp_path: Path) -> None:
    """Running, not only loading: the store's recorder for SQLite comes without PostgreSQL's driver."""
    made = CliRunner().invoke(cli, ["init", "--township", "东风镇", "--code", "dfz", "--data", str(tmp_path)])
    assert made.exit_code == 0, made.output
    seen = in_a_fresh_interpreter(
        "import json, sys\n"
        "from typer.testing import CliRunner\n"
        "from taizhang.cli.root import cli\n"
        f"out = CliRunner().invoke(cli, ['projections', 'status', '--data', {str(tmp_path)!r}])\n"
        "heavy = [m for m in ('psycopg', 'psycopg_pool', 'imagehash', 'numpy') if m in sys.modules]\n"
        "print(json.dumps({'code': out.exit_code, 'heavy': heavy}))"
    )
    assert seen == {"code": 0, "heavy": []}
