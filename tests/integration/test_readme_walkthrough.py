"""The README's command-line walk-through of the demo township's next year runs as shown, start to end."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPENING = "whose 2023 is already assessed"


def walkthrough() -> str:
    """The shell block that follows the walk-through's opening sentence in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme[readme.index(OPENING):].split("```\n", 2)[1]


def test_the_readme_walkthrough_runs_as_shown(tmp_path: Path) -> None:
    (tmp_path / "docs").symlink_to(ROOT / "docs")  # the walk-through names its photo and rules by these paths
    script = tmp_path / "walkthrough.sh"
    script.write_text("set -euo pipefail\n" + walkthrough(), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAIZHANG_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    ran = subprocess.run(["bash", str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
                         check=False)
    assert ran.returncode == 0, f"{ran.stdout[-3000:]}\n{ran.stderr[-3000:]}"
    assert "已确定 2024 年年终考核" in ran.stdout
    assert "举报人身份已销毁" in ran.stdout
    assert (tmp_path / "q1.txt").read_bytes().startswith("东坪镇".encode())


def test_the_readme_set_up_of_a_new_township_runs_as_shown(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    opening = "This walk-through of a new township's set-up runs as shown"
    block = readme[readme.index(opening):].split("```\n", 2)[1]
    (tmp_path / "docs").symlink_to(ROOT / "docs")  # the roster example is named by this path
    script = tmp_path / "set-up.sh"
    script.write_text("set -euo pipefail\n" + block, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAIZHANG_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    ran = subprocess.run(["bash", str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
                         check=False)
    assert ran.returncode == 0, f"{ran.stdout[-3000:]}\n{ran.stderr[-3000:]}"
    assert "东沟村村支部书记（2026-01-01起）、东沟村河长（2026-03-01起）" in ran.stdout  # from the roster
    assert "│ pan.yingying │ 潘英英 │ 村干部       │ 东沟村 │" in ran.stdout
    assert (tmp_path / "roster.xlsx").is_file()
