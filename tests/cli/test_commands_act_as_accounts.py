"""Every command line command that names an actor acts as that account through ``acting()``, with a step the
policy table decides and the township's words name."""

from __future__ import annotations

import ast
from pathlib import Path

from taizhang.access.policy import POLICY
from taizhang.access.steps import STEP_LABELS
from taizhang.cli.root import ENTRIES

CLI = Path(__file__).resolve().parents[2] / "taizhang" / "cli"
# Restoring a whole history into an empty store: no account exists yet to act as; the name given is
# recorded on the import's own mark, beside the history's accounts.
EXEMPT = {("history.py", "import_")}


def commands_with_an_actor() -> list[tuple[str, ast.FunctionDef]]:
    found = []
    for path in sorted(CLI.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef) or (path.name, node.name) in EXEMPT:
                continue
            if is_command(node) and any(a.arg == "actor" for a in node.args.args):
                found.append((path.name, node))
    return found


def is_command(node: ast.FunctionDef) -> bool:
    """A function the command line offers: decorated ``@group.command(…)`` (or named in the root's table)."""
    decorated = any(isinstance(d, ast.Call) and getattr(d.func, "attr", None) == "command" for d in node.decorator_list)
    return decorated or node.name in {entry.attribute for entry in ENTRIES.values()}


def steps_acted(node: ast.FunctionDef) -> list[str]:
    return [
        call.args[2].value
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and getattr(call.func, "id", None) == "acting"
        and len(call.args) >= 3 and isinstance(call.args[2], ast.Constant) and isinstance(call.args[2].value, str)
    ]


def test_every_command_naming_an_actor_acts_as_that_account_for_a_decided_and_named_step() -> None:
    commands = commands_with_an_actor()
    assert len(commands) >= 40
    for module, node in commands:
        steps = steps_acted(node)
        assert len(steps) == 1, f"{module}:{node.name} records without acting(…) as its --actor"
        assert steps[0] in POLICY, f"{module}:{node.name} acts for {steps[0]!r}, which the policy never decided"
        assert steps[0] in STEP_LABELS, f"{steps[0]!r} has no name in the township's words"


def test_every_recording_step_of_the_policy_has_a_name() -> None:
    readings = {name for name in POLICY if name.split(".")[1].startswith(("get", "list", "mine", "me", "identity"))}
    unnamed = set(POLICY) - readings - set(STEP_LABELS) - {
        "auth.token", "health.live", "health.ready", "log.head", "ledger.list", "ledger.overdue", "ledger.counts",
        "ledger.time_to_close", "summary.get", "villages.coverage", "cleaners.month", "audit.entity_history",
        "audit.person_activity", "accounts.list_api_keys",
    }
    assert not unnamed, f"recording steps with no name in words: {sorted(unnamed)}"
